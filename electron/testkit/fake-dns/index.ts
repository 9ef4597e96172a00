// The fake DNS server: what tests, the demo and the lab import.
export { startFakeDns, type FakeDnsOptions, type FakeDnsQuery, type FakeDnsServer } from './server';
export { fakeDnsSpecSchema, runFakeDnsFromSpec, type FakeDnsSpec } from './spec';
export {
  FAKE_DNS_HOSTILE_MODES,
  type FakeDnsBehaviour,
  type FakeDnsEntry,
  type FakeDnsHostileMode,
  type FakeDnsRcode,
  type FakeDnsRecords,
  type FakeDnsRecordType,
} from './zone';

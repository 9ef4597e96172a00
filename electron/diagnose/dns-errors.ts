// What the Extended DNS Errors of RFC 8914 mean for the judgement: which codes
// say the zone is broken (DNSSEC), its servers unreachable, the answer served
// from cache while the authority fails, or the name refused by policy. The
// words for each code are in the diagnosis locale (`ede.<code>`).
import type { DnsExtendedError, DnsResult } from '../contracts/probe-results';

export type EdeClass = 'dnssec' | 'unreachable' | 'stale' | 'policy' | 'other';

const CLASSES: ReadonlyMap<number, EdeClass> = new Map([
  // 6 Bogus, 7 Signature Expired, 8 Signature Not Yet Valid, 9 DNSKEY Missing,
  // 10 RRSIGs Missing, 11 No Zone Key Bit Set, 12 NSEC Missing, 25 Signature Expired before Valid.
  ...[6, 7, 8, 9, 10, 11, 12, 25].map((code) => [code, 'dnssec'] as const),
  // 22 No Reachable Authority, 23 Network Error.
  ...[22, 23].map((code) => [code, 'unreachable'] as const),
  // 3 Stale Answer, 19 Stale NXDOMAIN Answer.
  ...[3, 19].map((code) => [code, 'stale'] as const),
  // 15 Blocked, 16 Censored, 17 Filtered, 18 Prohibited.
  ...[15, 16, 17, 18].map((code) => [code, 'policy'] as const),
]);

/** The highest code RFC 8914 and the IANA registry name, so the locale has its words. */
export const HIGHEST_NAMED_EDE = 30;

export function edeClass(code: number): EdeClass {
  return CLASSES.get(code) ?? 'other';
}

/** The result's errors of that class. */
export function errorsOf(result: DnsResult, wanted: EdeClass): DnsExtendedError[] {
  return result.ede.filter((error) => edeClass(error.code) === wanted);
}

export function hasErrorOf(result: DnsResult, wanted: EdeClass): boolean {
  return errorsOf(result, wanted).length > 0;
}

// The fake DNS server from a JSON spec, for the lab and scripts that start it
// outside a test (e.g. inside a network namespace):
//   node --import tsx --input-type=module -e \
//     "import { runFakeDnsFromSpec } from './electron/testkit/fake-dns/index.ts'; \
//      import { readFileSync } from 'node:fs'; \
//      const s = await runFakeDnsFromSpec(readFileSync('zone.json', 'utf8')); \
//      console.log('listening', s.address, s.port)"
// Spec: { "listen": "198.18.0.53:53",
//         "records": { "app.example": { "A": ["198.18.1.10"], "AAAA": [], "CNAME": "edge.example",
//                                        "PTR": ["host.example"] (for in-addr.arpa / ip6.arpa names),
//                                        "rcode": "SERVFAIL", "drop": true, "delayMs": 200,
//                                        "ede": [{ "code": 22, "text": "no reachable authority" }] } },
//         "default": { "delayMs": 0 } }
import { z } from 'zod';
import { describeIssue, isHostname, parseAddress } from '../../contracts/config';
import { startFakeDns, type FakeDnsServer } from './server';
import { FAKE_DNS_HOSTILE_MODES, type FakeDnsEntry } from './zone';

const rcodeSchema = z.enum(['NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED']);
const recordTypeSchema = z.enum(['A', 'AAAA', 'CNAME', 'PTR']);
const dnsName = z.string().refine(isHostname, 'not a valid DNS name');
const behaviourFields = {
  rcode: rcodeSchema.optional(),
  drop: z.boolean().optional(),
  delayMs: z.number().int().min(0).max(600000).optional(),
  truncate: z.union([z.boolean(), z.literal('cut')]).optional(),
  hostile: z.enum(FAKE_DNS_HOSTILE_MODES).optional(),
  ede: z
    .array(z.strictObject({ code: z.number().int().min(0).max(65535), text: z.string().max(200).optional() }))
    .max(8)
    .optional(),
  noEdns: z.boolean().optional(),
  types: z.array(recordTypeSchema).optional(),
};
const entrySchema = z.strictObject({
  A: z.array(z.ipv4()).optional(),
  AAAA: z.array(z.ipv6()).optional(),
  CNAME: dnsName.optional(),
  PTR: z.array(dnsName).optional(),
  ttl: z.number().int().min(0).max(2147483647).optional(),
  ...behaviourFields,
});

/** The JSON spec a lab script hands to runFakeDnsFromSpec (see the top of this file). */
export const fakeDnsSpecSchema = z.strictObject({
  listen: z.string(),
  records: z.record(dnsName, entrySchema).default({}),
  default: z.strictObject(behaviourFields).default({}),
});
export type FakeDnsSpec = z.input<typeof fakeDnsSpecSchema>;

/** Starts a server from a spec (JSON text or an object); throws one line naming the problem. */
export async function runFakeDnsFromSpec(spec: string | FakeDnsSpec): Promise<FakeDnsServer> {
  let input: unknown = spec;
  if (typeof spec === 'string') {
    try {
      input = JSON.parse(spec);
    } catch (error) {
      throw new Error(`fake DNS spec: not valid JSON (${(error as Error).message})`, { cause: error });
    }
  }
  const parsed = fakeDnsSpecSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`fake DNS spec: ${issue ? describeIssue(issue) : 'invalid'}`);
  }
  const listen = parseAddress(parsed.data.listen, 53);
  if ('error' in listen) throw new Error(`fake DNS spec: listen: ${listen.error}`);
  return startFakeDns({
    host: listen.address,
    port: listen.port,
    zone: parsed.data.records as Record<string, FakeDnsEntry>,
    default: parsed.data.default,
  });
}

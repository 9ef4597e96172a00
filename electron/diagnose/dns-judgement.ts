// Whose fault a name's DNS failure is, from what every resolver said about it
// side by side, what they said about the other names of the round, and the
// Extended DNS Errors they gave. The findings only read this judgement.
//
// Tie-break table, first matching row wins. "Healthy" public resolver: one
// that answers other names of the round (one that fails everything proves
// nothing about this name). Policy EDE: 15 Blocked, 16 Censored, 17 Filtered,
// 18 Prohibited; a policy failure at a public resolver is that resolver's own
// filter, never evidence about the zone.
//
// | # | system resolver                      | public resolvers (healthy)          | judgement                         |
// | - | ------------------------------------ | ----------------------------------- | --------------------------------- |
// | 0a| answers an internal name (config     | not asked about it: they never      | fine (its answer, a private       |
// |   | `internal`, or learned: public ones  | know it                             | address included, is no block)    |
// |   | said NXDOMAIN while it answered)     |                                     |                                   |
// | 0b| fails an internal name, and most     | -                                   | local: the resolver is broken     |
// |   | names (resolver-wide)                |                                     | (row 3, by the other names)       |
// | 0c| fails an internal name, answers      | -                                   | upstream: the intranet's own DNS  |
// |   | others                               |                                     | (or the VPN that carries its      |
// |   |                                      |                                     | zone): never dns-local, never     |
// |   |                                      |                                     | blocked for the public resolvers' |
// |   |                                      |                                     | NXDOMAIN                          |
// | 1 | answers it (any address that is not | any                                 | fine (a public split is evidence) |
// |   | a block, split DNS included)         |                                     |                                   |
// | 1b| no result (none asked, or macOS     | one answers it                      | fine: nothing says otherwise      |
// |   | privacy kept the probe from it)      |                                     |                                   |
// | 2 | refuses it by policy EDE, or answers | one answers it with a real address  | blocked: a filter on this network |
// |   | a filter's address (a null route, or |                                     | (a resolver that answers no other |
// |   | a private one that cannot be reached)|                                     | name is broken instead: row 3)    |
// | 3 | fails it, and fails most names       | none fails it, one answers it       | local: the resolver is broken     |
// |   | (resolver-wide, whatever its EDE)    |                                     | (22/23 there: its own uplink)     |
// | 4 | fails it                             | one fails it too (not by policy),   | upstream: shared failures are     |
// |   |                                      | one answers it                      | never local (a broken zone that   |
// |   |                                      |                                     | validating resolvers refuse)      |
// | 5 | fails it with EDE 22/23 (no          | they answer it                      | upstream: the zone's servers are  |
// |   | reachable authority, network error)  |                                     | unreachable (it answers others)   |
// | 6 | fails it with EDE 19 (stale          | they answer it                      | upstream: the authority is        |
// |   | NXDOMAIN)                            |                                     | failing, the cache answers        |
// | 7 | fails it (with a DNSSEC EDE or none) | every healthy one answers it        | local: the system resolver fails  |
// |   |                                      |                                     | what validating public resolvers  |
// |   |                                      |                                     | answer (a DNSSEC EDE then points  |
// |   |                                      |                                     | at the resolver's clock)          |
// | 8 | fails it                             | none answers it, a healthy resolver | upstream: broken at the source    |
// |   |                                      | (or an EDE saying DNSSEC, no        | (every resolver fails it)         |
// |   |                                      | reachable authority, stale) fails it|                                   |
// | 9 | fails it                             | none answers, none healthy, no EDE  | unjudged: nothing to compare with |
import type { DnsResult } from '../contracts/probe-results';
import { hasErrorOf } from './dns-errors';
import { resolverKey, type ResolverHealth } from './resolver-health';
import { answeredReal, isAnswer, type TargetAssessment } from './target-status';

export type NameVerdict = 'fine' | 'blocked' | 'local' | 'upstream' | 'unjudged';

/** Which row of the table decided, for the sentences. */
export type NameReason =
  | 'answered'
  | 'internal'
  | 'internal-failing'
  | 'filtered'
  | 'resolver-wide'
  | 'shared'
  | 'unreachable'
  | 'stale'
  | 'system-only'
  | 'everywhere'
  | 'no-comparison';

export interface NameJudgement {
  verdict: NameVerdict;
  reason: NameReason;
  /** Results that failed the name and count (system, and healthy public resolvers not filtering). */
  failedAt: DnsResult[];
  /** Results that answered it with a real address. */
  answeredAt: DnsResult[];
  /** The system resolver gave a DNSSEC EDE for it. */
  systemDnssec: boolean;
}

const NOTHING_TO_JUDGE: NameJudgement = {
  verdict: 'fine',
  reason: 'answered',
  failedAt: [],
  answeredAt: [],
  systemDnssec: false,
};

export function judgeName(target: TargetAssessment, resolvers: readonly ResolverHealth[]): NameJudgement {
  const results = target.dns.results;
  if (target.dns.literal || results.length === 0) return NOTHING_TO_JUDGE;
  const health = (result: DnsResult) => resolvers.find((r) => resolverKey(r.report) === resolverKey(result.resolver));
  /** Answers names other than this one. */
  const healthy = (result: DnsResult) => (health(result)?.namesAnswered ?? 0) > (isAnswer(result) ? 1 : 0);
  const system = results.filter((r) => r.resolver.role === 'system');
  const publicResults = results.filter((r) => r.resolver.role === 'public');
  // A filter's address is no answer where another resolver gives a real one (a world all on loopback still answers).
  const anyReal = results.some(answeredReal);
  const answered = (result: DnsResult) => isAnswer(result) && (answeredReal(result) || !anyReal);
  const answeredAt = results.filter(answered);
  const systemFailed = system.filter((r) => !isAnswer(r));
  const publicFailed = publicResults.filter((r) => !isAnswer(r) && healthy(r) && !hasErrorOf(r, 'policy'));
  const failedAt = [...systemFailed, ...publicFailed];
  const systemDnssec = system.some((r) => hasErrorOf(r, 'dnssec'));
  const judged = (verdict: NameVerdict, reason: NameReason): NameJudgement => ({
    verdict,
    reason,
    failedAt,
    answeredAt,
    systemDnssec,
  });

  // Rows 0a-0c: an internal name is judged by the system resolver alone.
  if (target.probe.internal) {
    if (system.some(isAnswer)) return judged('fine', 'internal');
    if (system.length === 0) return judged('unjudged', 'no-comparison');
    const resolverWide = system.every((r) => health(r)?.report.status === 'failing');
    return resolverWide ? judged('local', 'resolver-wide') : judged('upstream', 'internal-failing');
  }
  // Rows 2 and 1 (a system answer that is not a block is the person's answer, split DNS included).
  // A resolver that "blocks" everything it is asked is broken, not filtering (row 3).
  if (target.dns.systemBlocked)
    return system.some(healthy) ? judged('blocked', 'filtered') : judged('local', 'resolver-wide');
  if (system.some(isAnswer)) return judged('fine', 'answered');

  const publicAnswered = publicResults.some(answered);
  // Row 1b: no system resolver's result (none, or macOS kept the probe from it): a public answer is the only word.
  if (publicAnswered && system.length === 0) return judged('fine', 'answered');
  if (publicAnswered) {
    const resolverWide = system.every((r) => health(r)?.report.status === 'failing');
    if (publicFailed.length > 0) return judged('upstream', 'shared');
    if (resolverWide) return judged('local', 'resolver-wide');
    if (systemFailed.some((r) => hasErrorOf(r, 'unreachable'))) return judged('upstream', 'unreachable');
    if (systemFailed.some((r) => hasErrorOf(r, 'stale'))) return judged('upstream', 'stale');
    return judged('local', 'system-only');
  }
  const saysWhy = results.some(
    (r) => hasErrorOf(r, 'dnssec') || hasErrorOf(r, 'unreachable') || hasErrorOf(r, 'stale'),
  );
  if (results.some(healthy) || saysWhy) return judged('upstream', 'everywhere');
  return judged('unjudged', 'no-comparison');
}

/**
 * The name looks internal in this round: the system resolver answered it and
 * every healthy public resolver that was asked said NXDOMAIN (none answered).
 * The monitor learns it as internal once this holds look after look.
 */
export function looksInternal(target: TargetAssessment, resolvers: readonly ResolverHealth[]): boolean {
  const results = target.dns.results;
  if (target.dns.literal || results.length === 0) return false;
  const system = results.filter((r) => r.resolver.role === 'system');
  const publicResults = results.filter((r) => r.resolver.role === 'public');
  const healthy = (result: DnsResult) =>
    (resolvers.find((r) => resolverKey(r.report) === resolverKey(result.resolver))?.namesAnswered ?? 0) > 0;
  const askedHealthy = publicResults.filter(healthy);
  return (
    system.some(answeredReal) &&
    askedHealthy.length > 0 &&
    askedHealthy.length === publicResults.filter((r) => r.outcome !== 'timeout').length &&
    askedHealthy.every((r) => r.outcome === 'nxdomain')
  );
}

/** Every app, control and canary of the round judged once. */
export function judgeNames(
  targets: readonly TargetAssessment[],
  resolvers: readonly ResolverHealth[],
): ReadonlyMap<TargetAssessment, NameJudgement> {
  return new Map(targets.map((target) => [target, judgeName(target, resolvers)]));
}

// Health of each resolver over every name asked of it in the round (apps,
// controls, canaries). A resolver fails a name when it times out, SERVFAILs,
// REFUSEs or answers garbage, when it says NXDOMAIN/NODATA for a name
// another resolver answered ("bogus NXDOMAIN"), or when it blocks the name
// (a policy EDE, or a null route where another resolver gives a real address).
import type { ResolverReport } from '../contracts/diagnosis';
import type { DnsOutcome, DnsResult, ResolverRef, RoundEvidence, TargetProbe } from '../contracts/probe-results';
import { isNullRouteAddress } from '../contracts/sinkhole-addresses';
import { hasErrorOf } from './dns-errors';
import { answeredReal, DNS_HARD_FAILURES, isAnswer } from './target-status';

/** Failing when it fails more than this share of the names judged ("most names"). */
export const RESOLVER_FAILING_SHARE = 0.5;

export interface BogusAnswer {
  hostname: string;
  outcome: DnsOutcome;
  /** A resolver that did answer the name, and the first address it gave. */
  answeredBy: ResolverRef;
  address: string;
}

export type ResolverFailure = DnsOutcome | 'bogus' | 'blocked';

export interface ResolverHealth {
  report: ResolverReport;
  /** Names that count: those some resolver answered (a name nobody answers says nothing about one resolver). */
  namesJudged: number;
  namesFailed: number;
  /** The most common way names failed here: a DNS outcome, `bogus` for contradicted NXDOMAIN/NODATA, `blocked`. */
  dominantFailure: ResolverFailure | null;
  bogus: BogusAnswer[];
  /** Names this resolver answered. */
  namesAnswered: number;
}

export function resolverKey(ref: Pick<ResolverRef, 'address' | 'port'>): string {
  return `${ref.address}:${ref.port}`;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return Math.round(value ?? 0);
}

function allTargets(evidence: RoundEvidence): TargetProbe[] {
  return [...evidence.apps, ...evidence.controls, ...evidence.canaries];
}

/** Resolvers in the order the round lists them, plus any only seen in results. */
function resolverList(evidence: RoundEvidence): ResolverRef[] {
  const refs = new Map<string, ResolverRef>();
  for (const ref of evidence.resolvers) refs.set(resolverKey(ref), ref);
  for (const target of allTargets(evidence)) {
    for (const result of target.dns)
      if (!refs.has(resolverKey(result.resolver))) refs.set(resolverKey(result.resolver), result.resolver);
  }
  return [...refs.values()];
}

const FAILURE_ORDER: ResolverFailure[] = ['timeout', 'servfail', 'refused', 'bogus', 'blocked', 'malformed', 'error'];

/** Refused by policy, or a null route (0.0.0.0, 127.x, ::) where another resolver gave a real address. */
function blockedHere(result: DnsResult, results: Iterable<DnsResult>): boolean {
  if (hasErrorOf(result, 'policy')) return true;
  if (!isAnswer(result) || result.addresses.length === 0 || !result.addresses.every(isNullRouteAddress)) return false;
  return [...results].some((other) => other !== result && answeredReal(other));
}

export function resolverHealth(evidence: RoundEvidence): ResolverHealth[] {
  // Names only the system resolver knows (config or learned) say nothing about public resolvers.
  const internalNames = new Set(
    allTargets(evidence)
      .filter((t) => t.internal)
      .map((t) => t.hostname),
  );
  // hostname -> resolver key -> the first result for that pair
  const byName = new Map<string, Map<string, DnsResult>>();
  for (const target of allTargets(evidence)) {
    for (const result of target.dns) {
      const perResolver = byName.get(result.hostname) ?? new Map<string, DnsResult>();
      if (!perResolver.has(resolverKey(result.resolver))) perResolver.set(resolverKey(result.resolver), result);
      byName.set(result.hostname, perResolver);
    }
  }
  const answeredSomewhere = new Set(
    [...byName].filter(([, results]) => [...results.values()].some(isAnswer)).map(([name]) => name),
  );
  // When no name got an answer anywhere, every name counts (the ISP-down case).
  const judgeAll = answeredSomewhere.size === 0;

  return resolverList(evidence).map((ref) => {
    const key = resolverKey(ref);
    const outcomes: Record<string, number> = {};
    const latencies: number[] = [];
    const failures: ResolverFailure[] = [];
    const bogus: BogusAnswer[] = [];
    let namesJudged = 0;
    let namesAnswered = 0;
    for (const [hostname, results] of byName) {
      const result = results.get(key);
      if (!result || (ref.role === 'public' && internalNames.has(hostname))) continue;
      outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
      if (result.outcome !== 'timeout') latencies.push(result.latencyMs);
      const blocked = blockedHere(result, results.values());
      if (isAnswer(result) && !blocked) namesAnswered += 1;
      if (!judgeAll && !answeredSomewhere.has(hostname)) continue;
      namesJudged += 1;
      if (blocked) {
        failures.push('blocked');
      } else if (DNS_HARD_FAILURES.has(result.outcome)) {
        failures.push(result.outcome);
      } else if (result.outcome === 'nxdomain' || result.outcome === 'nodata') {
        // A public resolver that does not know a name only the system resolver answers is no liar: the name is internal.
        const other = [...results.values()].find(
          (r) =>
            isAnswer(r) && resolverKey(r.resolver) !== key && (ref.role === 'system' || r.resolver.role === 'public'),
        );
        if (other) {
          failures.push('bogus');
          bogus.push({
            hostname,
            outcome: result.outcome,
            answeredBy: other.resolver,
            address: other.addresses[0] ?? '',
          });
        }
      }
    }
    const status: ResolverReport['status'] =
      namesJudged === 0 ? 'unknown' : failures.length / namesJudged > RESOLVER_FAILING_SHARE ? 'failing' : 'ok';
    const dominant = failures.length === 0 ? null : mostFrequent(failures);
    return {
      report: {
        name: ref.name,
        address: ref.address,
        port: ref.port,
        role: ref.role,
        status,
        outcomes,
        medianLatencyMs: median(latencies),
      },
      namesJudged,
      namesFailed: failures.length,
      dominantFailure: dominant,
      bogus,
      namesAnswered,
    };
  });
}

/** Most frequent failure; ties go to the one earlier in FAILURE_ORDER (timeouts first: they hurt most). */
function mostFrequent(failures: ResolverFailure[]): ResolverFailure {
  let best = failures[0] ?? 'error';
  let bestCount = 0;
  for (const candidate of FAILURE_ORDER) {
    const count = failures.filter((f) => f === candidate).length;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

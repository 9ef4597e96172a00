// The DNS probe: asks one resolver for one name, A and AAAA in parallel, and
// the CNAME alone when both fail but the resolver did reply, and keeps every
// way it can end apart. The exchange (UDP, TCP on truncation, the strict
// response checks) is dns-exchange.ts and dns-wire.ts.
import { performance } from 'node:perf_hooks';
import type { Answer } from 'dns-packet';
import type {
  DnsExtendedError,
  DnsOutcome,
  DnsQueryResult,
  DnsRecordType,
  DnsResult,
  ResolverRef,
} from '../contracts/probe-results';
import { exchangeDns, invalidQuestion } from './dns-exchange';
import { isAddressOrAlias, normalizeName, type AcceptedResponse } from './dns-wire';
import { refusedByPrivacy, type PrivacyContext } from './local-privacy';

export interface DnsQueryOptions {
  hostname: string;
  resolver: ResolverRef;
  /** Budget for each query, UDP and its TCP retry together. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Ask only for IPv4 addresses (the heartbeat: is this resolver answering?); default A and AAAA. */
  ipv4Only?: boolean;
  /** How to read the OS refusing a same-subnet resolver (macOS Local Network privacy); default this machine. */
  privacy?: PrivacyContext;
}

const MAX_CNAME_HOPS = 16;
/** Failures where the resolver did reply, so a CNAME-only question is worth its round trip. */
const ANSWERED_FAILURES: ReadonlySet<DnsOutcome> = new Set(['nxdomain', 'servfail', 'refused']);
const SUCCESSES: ReadonlySet<DnsOutcome> = new Set(['answer', 'nodata']);

/** CNAME targets in order, starting from the name asked (which is not itself in the list). */
export function followCnameChain(asked: string, answers: Answer[]): string[] {
  const chain: string[] = [];
  const seen = new Set([asked]);
  let current = asked;
  for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
    const link = answers
      .filter(isAddressOrAlias)
      .find((answer) => answer.type === 'CNAME' && normalizeName(answer.name) === current);
    if (!link) break;
    const target = normalizeName(link.data);
    if (seen.has(target)) break;
    chain.push(target);
    seen.add(target);
    current = target;
  }
  return chain;
}

/** The outcome a response's rcode means; NOERROR is an answer only with records. */
export function outcomeOfRcode(rcode: string, hasRecords: boolean): DnsOutcome {
  switch (rcode) {
    case 'NOERROR':
      return hasRecords ? 'answer' : 'nodata';
    case 'NXDOMAIN':
      return 'nxdomain';
    case 'SERVFAIL':
      return 'servfail';
    case 'REFUSED':
      return 'refused';
    default:
      return 'error';
  }
}

async function askOneType(
  name: string,
  type: DnsRecordType,
  resolver: ResolverRef,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<DnsQueryResult> {
  const started = performance.now();
  const exchange = await exchangeDns({ name, type, resolver, timeoutMs, signal });
  const base = {
    recordType: type,
    transport: exchange.transport,
    latencyMs: Math.round(performance.now() - started),
    ignoredResponses: exchange.ignored,
    rcode: null,
    addresses: [],
    cnameChain: [],
    ede: [],
  };
  if (exchange.response === null) {
    return {
      ...base,
      outcome: exchange.outcome,
      ...(exchange.error === undefined ? {} : { error: exchange.error }),
      ...(exchange.errorCode === undefined ? {} : { errorCode: exchange.errorCode }),
    };
  }
  return { ...base, ...readAnswer(name, type, exchange.response) };
}

/** What an accepted response says about the name and type asked: the part of a query result it decides. */
export function readAnswer(
  name: string,
  type: DnsRecordType,
  response: AcceptedResponse,
): Pick<DnsQueryResult, 'outcome' | 'rcode' | 'addresses' | 'cnameChain' | 'ede' | 'error'> {
  const { packet, rcode, ede } = response;
  const answers = packet.answers ?? [];
  const cnameChain = followCnameChain(name, answers);
  const owners = new Set([name, ...cnameChain]);
  const addresses =
    type === 'CNAME'
      ? []
      : [
          ...new Set(
            answers
              .filter(isAddressOrAlias)
              .filter((answer) => answer.type === type && owners.has(normalizeName(answer.name)))
              .map((answer) => answer.data),
          ),
        ];
  const hasRecords = type === 'CNAME' ? cnameChain.length > 0 : addresses.length > 0;
  const outcome = outcomeOfRcode(rcode, hasRecords);
  return {
    outcome,
    rcode,
    addresses,
    cnameChain,
    ede,
    ...(outcome === 'error' ? { error: `unexpected rcode ${rcode}` } : {}),
  };
}

/** The longest chain any query saw (an NXDOMAIN response may carry more hops than a CNAME-only answer). */
function longestChain(queries: DnsQueryResult[]): string[] {
  return queries.reduce<string[]>(
    (best, query) => (query.cnameChain.length > best.length ? query.cnameChain : best),
    [],
  );
}

/** Every query's Extended DNS Errors, each once, in the order they came. */
function everyExtendedError(queries: DnsQueryResult[]): DnsExtendedError[] {
  const all: DnsExtendedError[] = [];
  for (const error of queries.flatMap((query) => query.ede)) {
    if (!all.some((e) => e.code === error.code && e.text === error.text)) all.push(error);
  }
  return all;
}

/**
 * Asks `resolver` for `hostname`: A and AAAA in parallel; when both fail and
 * the resolver did reply to at least one (NXDOMAIN, SERVFAIL, REFUSED), the
 * CNAME record alone, because the first hop often still resolves and names the
 * provider. A resolver that stayed silent is not asked again: that would double
 * the wait for nothing. Never rejects; an abort ends every query as `error`
 * with error "aborted".
 *
 * Summary outcome, over A and AAAA only: `answer` when either gave addresses,
 * else `nodata` when either said NODATA, else the A query's outcome. The
 * summary latency is the slower of A and AAAA (what an application waits for).
 */
export async function queryDns(options: DnsQueryOptions): Promise<DnsResult> {
  const { resolver, signal } = options;
  const hostname = normalizeName(options.hostname);
  const timeoutMs = Math.max(1, options.timeoutMs);
  const problem = invalidQuestion(options.hostname, resolver);
  if (problem) {
    const failed = (recordType: DnsRecordType): DnsQueryResult => ({
      recordType,
      outcome: 'error',
      rcode: null,
      addresses: [],
      cnameChain: [],
      transport: 'udp',
      latencyMs: 0,
      ignoredResponses: 0,
      ede: [],
      error: problem,
    });
    return {
      kind: 'dns',
      hostname,
      resolver,
      outcome: 'error',
      addresses: [],
      cnameChain: [],
      latencyMs: 0,
      ede: [],
      queries: [failed('A'), failed('AAAA')],
    };
  }

  const [a, aaaa] = await Promise.all([
    askOneType(hostname, 'A', resolver, timeoutMs, signal),
    options.ipv4Only ? null : askOneType(hostname, 'AAAA', resolver, timeoutMs, signal),
  ]);
  const queries = aaaa ? [a, aaaa] : [a];
  const bothFailed = queries.every((query) => !SUCCESSES.has(query.outcome));
  if (bothFailed && queries.some((query) => ANSWERED_FAILURES.has(query.outcome))) {
    queries.push(await askOneType(hostname, 'CNAME', resolver, timeoutMs, signal));
  }
  const addresses = [...a.addresses, ...(aaaa?.addresses ?? [])];
  let outcome: DnsOutcome = a.outcome;
  if (addresses.length > 0) outcome = 'answer';
  else if (a.outcome === 'nodata' || aaaa?.outcome === 'nodata') outcome = 'nodata';
  return {
    kind: 'dns',
    hostname,
    resolver,
    outcome,
    addresses,
    cnameChain: longestChain(queries),
    latencyMs: Math.max(a.latencyMs, aaaa?.latencyMs ?? 0),
    ede: everyExtendedError(queries),
    queries,
    ...(refusedByPrivacy(
      options.privacy,
      resolver.address,
      queries.map((query) => query.errorCode),
    )
      ? { blockedBy: 'macos-local-network' as const }
      : {}),
  };
}

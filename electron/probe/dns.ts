/* eslint-disable max-lines -- to be split by concern (issue 14) */
// The DNS probe: asks one resolver for one name (A and AAAA in parallel) over
// real UDP, falls back to TCP on truncation, and keeps every way it can end
// apart. A response is trusted only when its source, ID and question all match
// what we sent; anything else is counted and ignored while we keep listening.
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, StringAnswer } from 'dns-packet';
import { isHostname } from '../contracts/config';
import type { DnsOutcome, DnsQueryResult, DnsRecordType, DnsResult, ResolverRef } from '../contracts/probe-results';

export interface DnsQueryOptions {
  hostname: string;
  resolver: ResolverRef;
  /** Budget for each query, UDP and its TCP retry together. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** We do not advertise EDNS, so a conforming UDP response fits in 512 bytes (RFC 1035 4.2.1). */
const UDP_LIMIT = 512;
const MAX_CNAME_HOPS = 16;
/** Failures where the resolver did reply, so a CNAME-only question is worth its round trip. */
const ANSWERED_FAILURES: ReadonlySet<DnsOutcome> = new Set(['nxdomain', 'servfail', 'refused']);
const SUCCESSES: ReadonlySet<DnsOutcome> = new Set(['answer', 'nodata']);

/** What this module asks: the probe's record types, and PTR for reverse lookups. */
type QueryType = DnsRecordType | 'PTR';

interface Expectation {
  id: number;
  name: string;
  type: QueryType;
  resolver: ResolverRef;
}

/** How an exchange over TCP (or a final one over UDP) ended. */
type FinalExchange =
  | { end: 'response'; packet: DecodedPacket }
  | { end: 'timeout' }
  | { end: 'error'; error: string }
  | { end: 'aborted' };
/** Over UDP the resolver may also say "truncated: ask over TCP". */
type UdpExchange = FinalExchange | { end: 'truncated' };

interface Tally {
  ignored: number;
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function withoutScope(address: string): string {
  const at = address.indexOf('%');
  return at < 0 ? address : address.slice(0, at);
}

/** Compares IP literals by value, so `::1` equals `0:0:0:0:0:0:0:1`. */
function sameAddress(a: string, b: string): boolean {
  const family = net.isIP(withoutScope(b));
  if (family === 0 || net.isIP(withoutScope(a)) !== family) return false;
  const list = new net.BlockList();
  const type = family === 6 ? 'ipv6' : 'ipv4';
  list.addAddress(withoutScope(b), type);
  return list.check(withoutScope(a), type);
}

function encodeQuery(expect: Expectation): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id: expect.id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: expect.type, name: expect.name, class: 'IN' }],
  });
}

/**
 * Parses a response. A response cut short with TC set is still usable as a
 * "retry over TCP" signal when its header and question parse.
 */
function decodeResponse(message: Buffer): DecodedPacket | null {
  const whole = decodeExactly(message);
  if (whole) return whole;
  const truncatedFlag = message.length >= 12 && (message.readUInt16BE(2) & dnsPacket.TRUNCATED_RESPONSE) !== 0;
  if (!truncatedFlag) return null;
  const headerAndQuestion = Buffer.from(message);
  headerAndQuestion.fill(0, 6, 12); // ANCOUNT, NSCOUNT, ARCOUNT
  return decodeExactly(headerAndQuestion);
}

/** dns-packet reads some record data past the end without throwing: check it stayed inside. */
function decodeExactly(message: Buffer): DecodedPacket | null {
  try {
    const packet = dnsPacket.decode(message);
    return dnsPacket.decode.bytes <= message.length ? packet : null;
  } catch {
    return null;
  }
}

/** A, AAAA or CNAME with its data as text (the record kinds this probe reads). */
function isAddressOrAlias(answer: Answer): answer is StringAnswer & { type: DnsRecordType } {
  return (answer.type === 'A' || answer.type === 'AAAA' || answer.type === 'CNAME') && typeof answer.data === 'string';
}

function recordsAreWellFormed(answers: Answer[]): boolean {
  return answers.every((answer) => {
    if (answer.type === 'A') return typeof answer.data === 'string' && net.isIPv4(answer.data);
    if (answer.type === 'AAAA') return typeof answer.data === 'string' && net.isIPv6(answer.data);
    if (answer.type === 'CNAME') return typeof answer.data === 'string' && answer.data.length > 0;
    if (answer.type === 'PTR') return typeof answer.data === 'string' && isHostname(normalizeName(answer.data));
    return true;
  });
}

/** The response if it answers exactly what we asked; null means "ignore it". */
function acceptResponse(message: Buffer, expect: Expectation, transport: 'udp' | 'tcp'): DecodedPacket | null {
  if (transport === 'udp' && message.length > UDP_LIMIT) return null;
  const packet = decodeResponse(message);
  if (!packet || packet.type !== 'response' || packet.id !== expect.id) return null;
  if ((packet as { opcode?: string }).opcode !== 'QUERY') return null;
  const question = packet.questions?.length === 1 ? packet.questions[0] : undefined;
  if (!question || normalizeName(question.name) !== expect.name) return null;
  if (question.type !== expect.type || (question.class ?? 'IN') !== 'IN') return null;
  if (!recordsAreWellFormed(packet.answers ?? [])) return null;
  return packet;
}

function describeSocketError(error: unknown, resolver: ResolverRef): string {
  const code = (error as NodeJS.ErrnoException).code ?? 'ERROR';
  const where = `${resolver.address}:${resolver.port}`;
  if (code === 'ECONNREFUSED') return `ECONNREFUSED: nothing answers on ${where} (port unreachable)`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${code}: no route to ${where}`;
  return `${code}: ${(error as Error).message}`;
}

/**
 * Runs one exchange under a deadline and an abort signal. `start` opens the
 * socket and returns its cleanup; whichever way it ends, cleanup runs once.
 */
function runExchange<T extends UdpExchange>(
  resolver: ResolverRef,
  remainingMs: number,
  signal: AbortSignal | undefined,
  start: (finish: (exchange: T | FinalExchange) => void) => () => void,
): Promise<T | FinalExchange> {
  if (signal?.aborted) return Promise.resolve({ end: 'aborted' });
  if (remainingMs <= 0) return Promise.resolve({ end: 'timeout' });
  return new Promise((resolve) => {
    let settled = false;
    let cleanup: (() => void) | null = null;
    const finish = (exchange: T | FinalExchange): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      cleanup?.();
      resolve(exchange);
    };
    const onAbort = (): void => finish({ end: 'aborted' });
    const timer = setTimeout(() => finish({ end: 'timeout' }), remainingMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const close = start(finish);
      if (settled) close();
      else cleanup = close;
    } catch (error) {
      finish({ end: 'error', error: describeSocketError(error, resolver) });
    }
  });
}

function exchangeUdp(
  expect: Expectation,
  remainingMs: number,
  signal: AbortSignal | undefined,
  tally: Tally,
): Promise<UdpExchange> {
  const { resolver } = expect;
  return runExchange<UdpExchange>(resolver, remainingMs, signal, (finish) => {
    // A connected socket: the kernel reports ICMP port unreachable (ECONNREFUSED)
    // and drops datagrams from other sources; we check the source again anyway.
    const socket = dgram.createSocket(net.isIPv6(withoutScope(resolver.address)) ? 'udp6' : 'udp4');
    socket.on('error', (error) => finish({ end: 'error', error: describeSocketError(error, resolver) }));
    socket.on('message', (message, remote) => {
      const packet =
        sameAddress(remote.address, resolver.address) && remote.port === resolver.port
          ? acceptResponse(message, expect, 'udp')
          : null;
      if (!packet) {
        tally.ignored += 1;
        return;
      }
      finish(packet.flag_tc ? { end: 'truncated' } : { end: 'response', packet });
    });
    // Node hands a failed connect (e.g. ENETUNREACH with the link down) to this callback, not to 'error'.
    socket.connect(resolver.port, resolver.address, (connectError?: Error) => {
      if (connectError) {
        finish({ end: 'error', error: describeSocketError(connectError, resolver) });
        return;
      }
      socket.send(encodeQuery(expect), (error) => {
        if (error) finish({ end: 'error', error: describeSocketError(error, resolver) });
      });
    });
    return () => {
      try {
        socket.close();
      } catch {
        // Already closed after an error.
      }
    };
  });
}

function exchangeTcp(
  expect: Expectation,
  remainingMs: number,
  signal: AbortSignal | undefined,
  tally: Tally,
): Promise<FinalExchange> {
  const { resolver } = expect;
  return runExchange<FinalExchange>(resolver, remainingMs, signal, (finish) => {
    const socket = net.connect({ host: resolver.address, port: resolver.port, noDelay: true });
    let pending = Buffer.alloc(0);
    socket.on('connect', () => {
      const query = encodeQuery(expect);
      const frame = Buffer.alloc(2 + query.length);
      frame.writeUInt16BE(query.length, 0);
      query.copy(frame, 2);
      socket.write(frame);
    });
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) return;
        const packet = acceptResponse(pending.subarray(2, 2 + length), expect, 'tcp');
        pending = pending.subarray(2 + length);
        if (packet) {
          finish({ end: 'response', packet });
          return;
        }
        tally.ignored += 1;
      }
    });
    socket.on('error', (error) => finish({ end: 'error', error: describeSocketError(error, resolver) }));
    // After an 'error' this changes nothing; alone it means the server hung up without answering.
    socket.on('close', () =>
      finish({
        end: 'error',
        error: `EOF: ${resolver.address}:${resolver.port} closed the TCP connection before answering`,
      }),
    );
    return () => socket.destroy();
  });
}

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

function outcomeOfRcode(rcode: string, hasRecords: boolean): DnsOutcome {
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

/** One question over UDP, and again over TCP when the UDP answer was truncated, within one budget. */
async function ask(
  name: string,
  type: QueryType,
  resolver: ResolverRef,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  tally: Tally,
): Promise<{ exchange: FinalExchange; transport: 'udp' | 'tcp' }> {
  const started = performance.now();
  const newExpectation = (): Expectation => ({ id: randomInt(0, 65536), name, type, resolver });
  const overUdp = await exchangeUdp(newExpectation(), timeoutMs, signal, tally);
  if (overUdp.end !== 'truncated') return { exchange: overUdp, transport: 'udp' };
  return {
    exchange: await exchangeTcp(newExpectation(), started + timeoutMs - performance.now(), signal, tally),
    transport: 'tcp',
  };
}

async function askOneType(
  name: string,
  type: DnsRecordType,
  resolver: ResolverRef,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<DnsQueryResult> {
  const started = performance.now();
  const tally: Tally = { ignored: 0 };
  const { exchange, transport } = await ask(name, type, resolver, timeoutMs, signal, tally);
  const base = {
    recordType: type,
    transport,
    latencyMs: Math.round(performance.now() - started),
    ignoredResponses: tally.ignored,
    rcode: null,
    addresses: [],
    cnameChain: [],
  };
  switch (exchange.end) {
    case 'response': {
      const answers = exchange.packet.answers ?? [];
      const rcode = (exchange.packet as { rcode?: string }).rcode ?? 'NOERROR';
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
        ...base,
        outcome,
        rcode,
        addresses,
        cnameChain,
        ...(outcome === 'error' ? { error: `unexpected rcode ${rcode}` } : {}),
      };
    }
    case 'timeout':
      return tally.ignored > 0
        ? {
            ...base,
            outcome: 'malformed',
            error: `only responses that did not match or parse arrived (${tally.ignored})`,
          }
        : { ...base, outcome: 'timeout' };
    case 'error':
      return { ...base, outcome: 'error', error: exchange.error };
    case 'aborted':
      return { ...base, outcome: 'error', error: 'aborted' };
  }
}

function invalidInput(options: DnsQueryOptions): string | null {
  const { hostname, resolver } = options;
  if (!isHostname(hostname)) return `invalid hostname "${hostname}"`;
  if (net.isIP(withoutScope(resolver.address)) === 0)
    return `resolver address "${resolver.address}" is not an IP address`;
  if (!Number.isInteger(resolver.port) || resolver.port < 1 || resolver.port > 65535) {
    return `resolver port ${resolver.port} is not 1-65535`;
  }
  return null;
}

/** The longest chain any query saw (an NXDOMAIN response may carry more hops than a CNAME-only answer). */
function longestChain(queries: DnsQueryResult[]): string[] {
  return queries.reduce<string[]>(
    (best, query) => (query.cnameChain.length > best.length ? query.cnameChain : best),
    [],
  );
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
  const problem = invalidInput(options);
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
      queries: [failed('A'), failed('AAAA')],
    };
  }

  const [a, aaaa] = await Promise.all([
    askOneType(hostname, 'A', resolver, timeoutMs, signal),
    askOneType(hostname, 'AAAA', resolver, timeoutMs, signal),
  ]);
  const queries = [a, aaaa];
  const bothFailed = !SUCCESSES.has(a.outcome) && !SUCCESSES.has(aaaa.outcome);
  if (bothFailed && (ANSWERED_FAILURES.has(a.outcome) || ANSWERED_FAILURES.has(aaaa.outcome))) {
    queries.push(await askOneType(hostname, 'CNAME', resolver, timeoutMs, signal));
  }
  const addresses = [...a.addresses, ...aaaa.addresses];
  let outcome: DnsOutcome = a.outcome;
  if (addresses.length > 0) outcome = 'answer';
  else if (a.outcome === 'nodata' || aaaa.outcome === 'nodata') outcome = 'nodata';
  return {
    kind: 'dns',
    hostname,
    resolver,
    outcome,
    addresses,
    cnameChain: longestChain(queries),
    latencyMs: Math.max(a.latencyMs, aaaa.latencyMs),
    queries,
  };
}

export interface ReverseDnsOptions {
  /** An IPv4 or IPv6 literal. */
  address: string;
  resolver: ResolverRef;
  /** Budget for the lookup, UDP and its TCP retry together. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ReverseDnsResult {
  address: string;
  /** The in-addr.arpa or ip6.arpa name asked; '' when the address is not an IP literal. */
  name: string;
  resolver: ResolverRef;
  outcome: DnsOutcome;
  /** The PTR targets, lower case without the final dot. */
  names: string[];
  latencyMs: number;
  error?: string;
}

/** The eight 16-bit groups of an IPv6 literal, an embedded IPv4 tail included; null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (!net.isIPv6(address)) return null;
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
    text = `${text.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (piece: string) => (piece === '' ? [] : piece.split(':').map((group) => Number.parseInt(group, 16)));
  const front = part(head);
  const back = tail === undefined ? [] : part(tail);
  const zeros = 8 - front.length - back.length;
  return [...front, ...Array.from({ length: tail === undefined ? 0 : zeros }, () => 0), ...back];
}

/** The reverse-lookup name of an address: 4.3.2.1.in-addr.arpa, or 32 nibbles then ip6.arpa. */
export function reverseDnsName(address: string): string | null {
  const bare = withoutScope(address);
  if (net.isIPv4(bare)) return `${bare.split('.').reverse().join('.')}.in-addr.arpa`;
  const groups = ipv6Groups(bare);
  if (!groups || groups.length !== 8) return null;
  const nibbles = groups.map((group) => group.toString(16).padStart(4, '0')).join('');
  return `${[...nibbles].reverse().join('.')}.ip6.arpa`;
}

/**
 * Asks `resolver` who `address` is (a PTR question), with the same strict
 * checks as queryDns: only a response from the resolver, with our ID and our
 * exact question, and well-formed names, counts. Never rejects.
 */
export async function queryReverse(options: ReverseDnsOptions): Promise<ReverseDnsResult> {
  const { address, resolver, signal } = options;
  const name = reverseDnsName(address);
  const base = { address, name: name ?? '', resolver, names: [] as string[] };
  if (name === null) return { ...base, outcome: 'error', latencyMs: 0, error: `"${address}" is not an IP address` };
  const problem = invalidInput({ hostname: name, resolver, timeoutMs: options.timeoutMs });
  if (problem) return { ...base, outcome: 'error', latencyMs: 0, error: problem };

  const started = performance.now();
  const tally: Tally = { ignored: 0 };
  const { exchange } = await ask(name, 'PTR', resolver, Math.max(1, options.timeoutMs), signal, tally);
  const latencyMs = Math.round(performance.now() - started);
  switch (exchange.end) {
    case 'response': {
      const rcode = (exchange.packet as { rcode?: string }).rcode ?? 'NOERROR';
      const names = [
        ...new Set(
          (exchange.packet.answers ?? [])
            .filter((answer): answer is StringAnswer => answer.type === 'PTR' && normalizeName(answer.name) === name)
            .map((answer) => normalizeName(answer.data)),
        ),
      ];
      const outcome = outcomeOfRcode(rcode, names.length > 0);
      return {
        ...base,
        outcome,
        names,
        latencyMs,
        ...(outcome === 'error' ? { error: `unexpected rcode ${rcode}` } : {}),
      };
    }
    case 'timeout':
      return tally.ignored > 0
        ? {
            ...base,
            outcome: 'malformed',
            latencyMs,
            error: `only responses that did not match or parse arrived (${tally.ignored})`,
          }
        : { ...base, outcome: 'timeout', latencyMs };
    case 'error':
      return { ...base, outcome: 'error', latencyMs, error: exchange.error };
    case 'aborted':
      return { ...base, outcome: 'error', latencyMs, error: 'aborted' };
  }
}

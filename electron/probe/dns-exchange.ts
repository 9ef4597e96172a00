// One DNS question to one resolver over the network: real UDP, and TCP when
// the UDP answer is truncated, both within one budget. Only what comes from
// the resolver's address and port is read; whatever dns-wire.ts rejects is
// counted and ignored while we keep listening. A resolver that rejects EDNS
// (FORMERR or NOTIMP without an OPT, as some old routers do) is asked once
// more without it (RFC 6891 section 7).
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import { isHostname } from '../contracts/config';
import type { ResolverRef } from '../contracts/probe-results';
import { startDeadline, untilStopped } from './deadline';
import {
  acceptResponse,
  type AcceptedResponse,
  encodeQuery,
  splitTcpFrames,
  tcpFrame,
  type DnsTransport,
  type QueryType,
  type SentQuestion,
} from './dns-wire';

export interface DnsQuestion {
  /** Normalized (lower case, no final dot). */
  name: string;
  type: QueryType;
  resolver: ResolverRef;
  /** Budget for UDP and its TCP retry together. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** How one question ended: the accepted response, or why there is none. */
export type DnsExchange = {
  transport: DnsTransport;
  /** Responses that did not come from the resolver, or did not match or parse. */
  ignored: number;
} & (
  | { response: AcceptedResponse }
  | { response: null; outcome: 'timeout' | 'malformed' | 'error'; error?: string; errorCode?: string }
);

/** How an exchange over TCP (or a final one over UDP) ended. */
type FinalExchange =
  | { end: 'response'; response: AcceptedResponse }
  | { end: 'timeout' }
  | { end: 'error'; error: string; code?: string }
  | { end: 'aborted' };
/** Over UDP the resolver may also say "truncated: ask over TCP". */
type UdpExchange = FinalExchange | { end: 'truncated' };

interface Tally {
  ignored: number;
}

/** An IPv6 literal without its `%zone`. */
export function withoutScope(address: string): string {
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

/** Why a question cannot be sent at all; null when it can. */
export function invalidQuestion(name: string, resolver: ResolverRef): string | null {
  if (!isHostname(name)) return `invalid hostname "${name}"`;
  if (net.isIP(withoutScope(resolver.address)) === 0)
    return `resolver address "${resolver.address}" is not an IP address`;
  if (!Number.isInteger(resolver.port) || resolver.port < 1 || resolver.port > 65535) {
    return `resolver port ${resolver.port} is not 1-65535`;
  }
  return null;
}

/** A socket error as an exchange's end: the text, and the errno code kept apart for readers such as local-privacy.ts. */
function socketError(error: unknown, resolver: ResolverRef): { end: 'error'; error: string; code?: string } {
  const errno = (error as NodeJS.ErrnoException).code;
  const code = errno ?? 'ERROR';
  const where = `${resolver.address}:${resolver.port}`;
  const codeOnly = errno === undefined ? {} : { code: errno };
  if (code === 'ECONNREFUSED')
    return { end: 'error', error: `ECONNREFUSED: nothing answers on ${where} (port unreachable)`, ...codeOnly };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return { end: 'error', error: `${code}: no route to ${where}`, ...codeOnly };
  return { end: 'error', error: `${code}: ${(error as Error).message}`, ...codeOnly };
}

/**
 * Runs one exchange until it ends or the question's deadline stops it. `open`
 * creates the socket and returns its cleanup, which runs once either way.
 */
function runExchange<T extends UdpExchange>(
  resolver: ResolverRef,
  stop: AbortSignal,
  open: (finish: (exchange: T | FinalExchange) => void) => () => void,
): Promise<T | FinalExchange> {
  return untilStopped<T | FinalExchange>(
    stop,
    (reason) => ({ end: reason }),
    (finish) => {
      try {
        return open(finish);
      } catch (error) {
        finish(socketError(error, resolver));
        return () => {};
      }
    },
  );
}

function exchangeUdp(sent: SentQuestion, resolver: ResolverRef, stop: AbortSignal, tally: Tally): Promise<UdpExchange> {
  return runExchange<UdpExchange>(resolver, stop, (finish) => {
    // A connected socket: the kernel reports ICMP port unreachable (ECONNREFUSED)
    // and drops datagrams from other sources; we check the source again anyway.
    const socket = dgram.createSocket(net.isIPv6(withoutScope(resolver.address)) ? 'udp6' : 'udp4');
    socket.on('error', (error) => finish(socketError(error, resolver)));
    socket.on('message', (message, remote) => {
      const response =
        sameAddress(remote.address, resolver.address) && remote.port === resolver.port
          ? acceptResponse(message, sent, 'udp')
          : null;
      if (!response) {
        tally.ignored += 1;
        return;
      }
      finish(response.packet.flag_tc ? { end: 'truncated' } : { end: 'response', response });
    });
    // Node hands a failed connect (e.g. ENETUNREACH with the link down) to this callback, not to 'error'.
    socket.connect(resolver.port, resolver.address, (connectError?: Error) => {
      if (connectError) {
        finish(socketError(connectError, resolver));
        return;
      }
      socket.send(encodeQuery(sent), (error) => {
        if (error) finish(socketError(error, resolver));
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
  sent: SentQuestion,
  resolver: ResolverRef,
  stop: AbortSignal,
  tally: Tally,
): Promise<FinalExchange> {
  return runExchange<FinalExchange>(resolver, stop, (finish) => {
    const socket = net.connect({ host: resolver.address, port: resolver.port, noDelay: true });
    let pending: Buffer = Buffer.alloc(0);
    socket.on('connect', () => socket.write(tcpFrame(encodeQuery(sent))));
    socket.on('data', (chunk: Buffer) => {
      const { messages, rest } = splitTcpFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const message of messages) {
        const response = acceptResponse(message, sent, 'tcp');
        if (response) {
          finish({ end: 'response', response });
          return;
        }
        tally.ignored += 1;
      }
    });
    socket.on('error', (error) => finish(socketError(error, resolver)));
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

/** FORMERR or NOTIMP without an OPT record: the resolver does not speak EDNS. */
function rejectsEdns(response: AcceptedResponse): boolean {
  return !response.edns && (response.rcode === 'FORMERR' || response.rcode === 'NOTIMP');
}

/** UDP, then TCP (with a new ID) when the UDP answer was truncated. */
async function askOnce(
  newQuestion: () => SentQuestion,
  resolver: ResolverRef,
  stop: AbortSignal,
  tally: Tally,
): Promise<{ transport: DnsTransport; exchange: FinalExchange }> {
  const overUdp = await exchangeUdp(newQuestion(), resolver, stop, tally);
  if (overUdp.end !== 'truncated') return { transport: 'udp', exchange: overUdp };
  return { transport: 'tcp', exchange: await exchangeTcp(newQuestion(), resolver, stop, tally) };
}

/**
 * One question over UDP, and again over TCP (with a new ID) when the UDP
 * answer was truncated, within one budget; asked once more without EDNS when
 * the resolver rejects it. Never rejects; an abort ends it as `error` with
 * error "aborted". Silence after only rejected responses is `malformed`, not
 * a timeout: the resolver did send something.
 */
export async function exchangeDns(question: DnsQuestion): Promise<DnsExchange> {
  const { name, type, resolver, timeoutMs, signal } = question;
  const tally: Tally = { ignored: 0 };
  const asking = (edns: boolean) => (): SentQuestion => ({ id: randomInt(0, 65536), name, type, edns });
  const deadline = startDeadline(timeoutMs, signal);
  let ended: { transport: DnsTransport; exchange: FinalExchange };
  try {
    ended = await askOnce(asking(true), resolver, deadline.signal, tally);
    if (ended.exchange.end === 'response' && rejectsEdns(ended.exchange.response)) {
      ended = await askOnce(asking(false), resolver, deadline.signal, tally);
    }
  } finally {
    deadline.dispose();
  }
  const { transport, exchange } = ended;
  const base = { transport, ignored: tally.ignored };
  switch (exchange.end) {
    case 'response':
      return { ...base, response: exchange.response };
    case 'timeout':
      return tally.ignored > 0
        ? {
            ...base,
            response: null,
            outcome: 'malformed',
            error: `only responses that did not match or parse arrived (${tally.ignored})`,
          }
        : { ...base, response: null, outcome: 'timeout' };
    case 'error':
      return {
        ...base,
        response: null,
        outcome: 'error',
        error: exchange.error,
        ...(exchange.code === undefined ? {} : { errorCode: exchange.code }),
      };
    case 'aborted':
      return { ...base, response: null, outcome: 'error', error: 'aborted' };
  }
}

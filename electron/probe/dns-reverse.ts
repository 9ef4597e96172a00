// Reverse DNS: who an address is (a PTR question), with the same exchange and
// the same strict checks as the forward probe. The names it returns feed the
// provider attribution (EC2, CloudFront and Akamai servers name themselves).
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { StringAnswer } from 'dns-packet';
import type { DnsOutcome, ResolverRef } from '../contracts/probe-results';
import { outcomeOfRcode } from './dns';
import { exchangeDns, invalidQuestion, withoutScope } from './dns-exchange';
import { normalizeName } from './dns-wire';

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
  const problem = invalidQuestion(name, resolver);
  if (problem) return { ...base, outcome: 'error', latencyMs: 0, error: problem };

  const started = performance.now();
  const timeoutMs = Math.max(1, options.timeoutMs);
  const exchange = await exchangeDns({ name, type: 'PTR', resolver, timeoutMs, signal });
  const latencyMs = Math.round(performance.now() - started);
  if (exchange.response === null) {
    return {
      ...base,
      outcome: exchange.outcome,
      latencyMs,
      ...(exchange.error === undefined ? {} : { error: exchange.error }),
    };
  }
  const { rcode, packet } = exchange.response;
  const names = [
    ...new Set(
      (packet.answers ?? [])
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

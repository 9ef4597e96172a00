// What one run of the Monitor remembers between rounds so that a quiet round
// costs little: TLS sessions to resume, and who each app's address is (PTR
// answers). A single `check` has none and asks everything afresh.
import type { ResolverRef } from '../contracts/probe-results';
import { queryReverse } from './dns-reverse';
import { TlsSessions } from './tls-sessions';

/** Who an address is changes rarely: a PTR answer (names or a definite none) is reused this long. */
export const REVERSE_REUSE_MS = 60 * 60_000;
const MAX_REVERSE_KEPT = 2048;

export class ReverseNames {
  private readonly kept = new Map<string, { names: string[]; at: number }>();

  /** The PTR names of an address at this resolver, asked at most once an hour. */
  async namesOf(
    address: string,
    resolver: ResolverRef,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<string[]> {
    const key = `${resolver.address}:${resolver.port}|${address}`;
    const now = Date.now();
    const kept = this.kept.get(key);
    if (kept && now - kept.at >= 0 && now - kept.at < REVERSE_REUSE_MS) return kept.names;
    const reverse = await queryReverse({ address, resolver, timeoutMs, signal });
    if (reverse.outcome === 'answer' || reverse.outcome === 'nxdomain' || reverse.outcome === 'nodata') {
      this.kept.delete(key);
      this.kept.set(key, { names: reverse.names, at: now });
      if (this.kept.size > MAX_REVERSE_KEPT) this.kept.delete(this.kept.keys().next().value as string);
    }
    return reverse.names;
  }
}

export interface ProbeMemory {
  tlsSessions: TlsSessions;
  reverseNames: ReverseNames;
}

export function createProbeMemory(): ProbeMemory {
  return { tlsSessions: new TlsSessions(), reverseNames: new ReverseNames() };
}

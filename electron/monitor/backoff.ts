// While the network itself is down, probing every app only burns battery and
// fills the history with noise: the monitor sends heartbeats at a growing
// interval instead, and one full round when the network returns. Pure.
import type { Verdict, VerdictKind } from '../contracts/diagnosis';

export interface BackoffSettings {
  /** The first heartbeat delay once backing off (the normal heartbeat interval). */
  baseMs: number;
  /** The delay never grows past this. */
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 5_000, maxMs: 30_000, factor: 2 };

/** Local verdicts under which no app can be reached, so app probes tell nothing. */
const UNREACHABLE_KINDS: ReadonlySet<VerdictKind> = new Set<VerdictKind>(['offline', 'lan', 'isp', 'captive-portal']);

export function shouldBackOff(verdict: Verdict | null): boolean {
  return verdict !== null && UNREACHABLE_KINDS.has(verdict.kind);
}

/** The delay before heartbeat number `attempt` (0-based) of a back-off period: base, base*factor, ... capped at max. */
export function backoffDelayMs(attempt: number, settings: BackoffSettings = DEFAULT_BACKOFF): number {
  const safeAttempt = Math.max(0, Math.floor(attempt));
  // Past ~60 doublings the power is Infinity; Math.min still caps it.
  return Math.min(settings.maxMs, Math.round(settings.baseMs * settings.factor ** safeAttempt));
}

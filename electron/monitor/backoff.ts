// While the network reaches no app, probing every app only burns battery and
// fills the history with noise: the monitor runs heartbeats only (at a growing
// interval while there is no network at all: the interface watch sees it
// return), and one full round when the network returns. Pure.
import type { Verdict, VerdictKind } from '../contracts/diagnosis';

export interface BackoffSettings {
  /** The first heartbeat delay once backing off (the normal heartbeat interval). */
  baseMs: number;
  /** The delay never grows past this. */
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 5_000, maxMs: 30_000, factor: 2 };

/** How the schedule runs while the network is in trouble. */
export type BackoffMode =
  /** Normal: full rounds and heartbeats. */
  | 'none'
  /** No app can be reached (lan, isp, captive portal): no full rounds; heartbeats at the normal pace see it end. */
  | 'no-full-rounds'
  /** No network at all: no full rounds and growing heartbeats (the interface watch sees the network return). */
  | 'growing';

/** Local verdicts under which no app can be reached, so app probes tell nothing. */
const UNREACHABLE_KINDS: ReadonlySet<VerdictKind> = new Set<VerdictKind>(['offline', 'lan', 'isp', 'captive-portal']);

export function backoffModeFor(verdict: Verdict | null): BackoffMode {
  if (verdict === null || !UNREACHABLE_KINDS.has(verdict.kind)) return 'none';
  return verdict.kind === 'offline' ? 'growing' : 'no-full-rounds';
}

/** The delay before heartbeat number `attempt` (0-based) of a back-off period: base, base*factor, ... capped at max. */
export function backoffDelayMs(attempt: number, settings: BackoffSettings = DEFAULT_BACKOFF): number {
  const safeAttempt = Math.max(0, Math.floor(attempt));
  // Past ~60 doublings the power is Infinity; Math.min still caps it.
  return Math.min(settings.maxMs, Math.round(settings.baseMs * settings.factor ** safeAttempt));
}

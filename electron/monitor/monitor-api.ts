// What the Monitor's callers (engine/, cli/watch.ts, serve/, shell/engine-host/)
// program against: its options and timings, its events and its errors.
// monitor.ts re-exports all of it.
import type { NetworkBaseline } from '../contracts/baseline';
import type { Language, MonitorState } from '../contracts/bridge';
import type { Config } from '../contracts/config';
import type { Diagnosis, Verdict } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';
import type { Translate } from '../i18n/translate';
import type { RoundOptions } from '../probe/round';
import { DEFAULT_BACKOFF } from './backoff';
import type { Clock } from './clock';
import { DEFAULT_NETWORK_POLL_MS } from './network-watch';
import type { MonitorNotification } from './notification-policy';
import type { RoundKind, ScheduleTimings } from './scheduler';
import { DEFAULT_THRESHOLDS, type ThresholdSettings } from './thresholds';

export type RoundRunner = (config: Config, options: RoundOptions) => Promise<RoundEvidence>;
/** `baseline`: what is usual on the look's network (from the history), null when nothing is known. */
export type Diagnoser = (evidence: RoundEvidence, t: Translate, baseline?: NetworkBaseline | null) => Diagnosis;

export interface MonitorTimings extends ScheduleTimings {
  /** How often the interfaces are compared; null = do not watch (the caller feeds networkChanged). */
  networkPollMs: number | null;
  thresholds: ThresholdSettings;
  /** While an upstream incident is young, its apps are looked at this often (not only by full rounds) to see it end. */
  recoveryLookMs: number;
  /** How long after an upstream incident opened those looks go on: the extra load stays bounded per incident. */
  recoveryWatchMs: number;
  /** A heartbeat that sees the network slow looks at every app, at most this often. */
  slowSuspicionMs: number;
}

export const DEFAULT_TIMINGS: MonitorTimings = {
  // The sentinel: cheap enough to run often, so a local fault is seen within a second or two.
  heartbeatMs: 2_000,
  // The least pause before a confirming look; the minimum span (thresholds) usually decides when it runs.
  confirmDelayMs: 250,
  networkSettleMs: 250,
  networkPollMs: DEFAULT_NETWORK_POLL_MS,
  maintenanceMs: 10 * 60_000,
  backoff: DEFAULT_BACKOFF,
  thresholds: DEFAULT_THRESHOLDS,
  // An app that failed is seen back within about 10 s, for the first 5 minutes of its incident (30 extra requests at most).
  recoveryLookMs: 10_000,
  recoveryWatchMs: 5 * 60_000,
  slowSuspicionMs: 5 * 60_000,
};

export interface MonitorOptions {
  config: Config;
  /** Where the history database lives; null = keep no history. */
  dataDir: string | null;
  language: Language;
  runRound?: RoundRunner;
  diagnose?: Diagnoser;
  clock?: Clock;
  timings?: Partial<MonitorTimings>;
  /** The network fingerprint source for the interface watch (tests). */
  readNetwork?: () => string;
  /** Size cap of the history file's live data. */
  historyMaxBytes?: number;
  /** Passed to every round (e.g. a test CA). */
  roundOptions?: Pick<RoundOptions, 'ca' | 'concurrency' | 'ipRanges' | 'proxies'>;
}

/** The open incident behind the shown verdict. */
export interface CurrentIncident {
  /** null when there is no history (no data dir). */
  id: number | null;
  /** When the shown verdict was first confirmed (the incident's opening), ISO. */
  openedAt: string;
}

export interface VerdictEvent {
  at: string;
  verdict: Verdict;
  previous: Verdict | null;
  /** `confirmed`: a new situation; `updated`: the same one with other apps. */
  change: 'confirmed' | 'updated';
  incidentId: number | null;
  diagnosis: Diagnosis;
}

/** A look that ran to its end (not one dropped by a pause, a stop or new settings). */
export interface LookEvent {
  kind: RoundKind;
  durationMs: number;
}

export interface MonitorProblem {
  kind: 'round-failed' | 'history-failed';
  message: string;
}

export interface MonitorEvents extends Record<string, unknown> {
  state: MonitorState;
  verdict: VerdictEvent;
  notification: MonitorNotification;
  problem: MonitorProblem;
  look: LookEvent;
}

export class MonitorError extends Error {
  override name = 'MonitorError';
  constructor(
    readonly kind: 'history-unavailable' | 'stopped',
    message: string,
  ) {
    super(message);
  }
}

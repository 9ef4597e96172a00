// The one typed interface between the window and the engine. Two
// implementations: Electron IPC through the preload, and HTTP + server-sent
// events when the UI is served by `outage-watch serve`.
import type { Config } from './config';
import type { Diagnosis, Verdict } from './diagnosis';
import type { ExportStatus } from './export-status';
import type { TargetProbe } from './probe-results';

export type Language = 'en' | 'ar';

/** What the monitor is doing right now. */
export type MonitorPhase = 'starting' | 'checking' | 'idle' | 'paused' | 'offline-backoff';

export interface CheckProgress {
  /** Ids of apps still being probed in the current check; empty when none runs. */
  pending: string[];
  done: number;
  total: number;
}

export interface OfficialStatus {
  provider: string;
  source: string;
  /** The provider has acknowledged a problem that matches the verdict. */
  acknowledged: boolean;
  title: string | null;
  url: string | null;
  updatedAt: string | null;
  /** Minutes our verdict came before the status page said so; null when unknown. */
  leadMinutes: number | null;
  /** false when the feed could not be read (huge, malformed, slow, down): then `acknowledged` says nothing. Absent means it was read. */
  available?: boolean;
}

/** Problem kinds, the one that lasts longest first (the tray shows the first). */
export const PROBLEM_KINDS = ['history-failed', 'round-failed'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/**
 * Something the engine could not do. `history-failed` (a write to the
 * history database failed) stays until the engine starts again: what this
 * run records may be missing. `round-failed` (a round threw) clears when a
 * later round brings a diagnosis.
 */
export interface EngineProblem {
  kind: ProblemKind;
  /** The error as the engine met it: a technical detail, not translated. */
  message: string;
  /** When it last happened, ISO. */
  at: string;
}

export interface AppState {
  phase: MonitorPhase;
  /** ISO time until which the monitor is paused, else null. */
  pausedUntil: string | null;
  diagnosis: Diagnosis | null;
  /** Controls and canaries of the last round (not part of the JSON diagnosis). */
  controls: TargetProbe[];
  canaries: TargetProbe[];
  progress: CheckProgress;
  officialStatus: OfficialStatus[];
  language: Language;
  /** Where `start at login` is supported (Electron only). */
  startAtLogin: boolean | null;
  /** At most one per kind, in PROBLEM_KINDS order; empty when all is well. */
  problems: EngineProblem[];
  /** The fleet export (Settings shows it): off unless the config asks. */
  export: ExportStatus;
}

/** What the Monitor itself reports; the engine adds the problems and the export. */
export type MonitorState = Omit<AppState, 'problems' | 'export'>;

export interface Incident {
  id: number;
  openedAt: string;
  updatedAt: string;
  closedAt: string | null;
  verdict: Verdict;
}

export interface LatencySample {
  at: string;
  appId: string;
  status: 'up' | 'degraded' | 'down' | 'unknown';
  latencyMs: number | null;
}

export interface HistoryQuery {
  /** ISO start of the window; the end is now. */
  since: string;
  appIds?: string[];
}

export interface History {
  incidents: Incident[];
  samples: LatencySample[];
}

export interface CatalogEntry {
  id: string;
  name: string;
  provider: string | null;
  region: string | null;
  urls: string[];
  category: string;
}

export type SaveConfigResult = { ok: true; config: Config } | { ok: false; problem: string };

export interface Report {
  text: string;
  json: string;
}

export type Unsubscribe = () => void;

export interface Bridge {
  getState(): Promise<AppState>;
  onState(listener: (state: AppState) => void): Unsubscribe;
  checkNow(): Promise<void>;
  pause(minutes: number): Promise<void>;
  resume(): Promise<void>;
  getHistory(query: HistoryQuery): Promise<History>;
  getConfig(): Promise<Config>;
  /** Validates, then saves atomically; on a problem nothing is saved. */
  saveConfig(config: unknown): Promise<SaveConfigResult>;
  getCatalog(): Promise<CatalogEntry[]>;
  getReport(): Promise<Report>;
  setStartAtLogin(enabled: boolean): Promise<boolean>;
}

/**
 * Every call with the number of arguments it takes: the one table both
 * transports (the preload's IPC, the served window's HTTP) are made from by
 * bridgeOver; the argument schemas (bridge-validation.ts) follow it too.
 */
export const BRIDGE_CALL_ARITY = {
  getState: 0,
  checkNow: 0,
  pause: 1,
  resume: 0,
  getHistory: 1,
  getConfig: 0,
  saveConfig: 1,
  getCatalog: 0,
  getReport: 0,
  setStartAtLogin: 1,
} as const satisfies { [Call in Exclude<keyof Bridge, 'onState'>]: Parameters<Bridge[Call]>['length'] };

export type BridgeCall = keyof typeof BRIDGE_CALL_ARITY;

/** Every call name, for runtime validation of IPC and HTTP requests. */
export const BRIDGE_CALLS = Object.keys(BRIDGE_CALL_ARITY) as [BridgeCall, ...BridgeCall[]];

/** What a transport carries: one call by name with its arguments, and the pushed states. */
export interface BridgeTransport {
  call(name: BridgeCall, args: unknown[]): Promise<unknown>;
  onState(listener: (state: AppState) => void): Unsubscribe;
}

/** The Bridge over a transport: each call sends exactly its own arguments (a click event passed along is dropped). */
export function bridgeOver(transport: BridgeTransport): Bridge {
  const calls = Object.fromEntries(
    BRIDGE_CALLS.map((name) => [
      name,
      (...args: unknown[]) => transport.call(name, args.slice(0, BRIDGE_CALL_ARITY[name])),
    ]),
  );
  return { ...calls, onState: (listener: (state: AppState) => void) => transport.onState(listener) } as Bridge;
}

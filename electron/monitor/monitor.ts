// The continuous watch shared by `watch`, `serve` and the Electron shell
// (vocabulary: docs/architecture.md). The Monitor is the front doors' face:
// it starts and stops the watch, probes each look the schedule asks for,
// keeps the state they show, and renders it in the chosen language. Its parts:
//   scheduler.ts         which look runs when (full rounds, heartbeats, confirming looks, back-off, pause)
//   looks.ts             what each kind of look probes, and how its evidence merges into what was seen
//   shown-verdict.ts     how each judged look moves the shown verdict: thresholds, incidents, notifications
//   monitor-history.ts   the history file and the provider memory learned from the wire
//   network-watch.ts     the OS's interfaces, compared every few seconds
import type {
  AppState,
  CheckProgress,
  History,
  HistoryQuery,
  Language,
  MonitorState,
  OfficialStatus,
} from '../contracts/bridge';
import type { Config } from '../contracts/config';
import type { Verdict } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';
import type { IpRangeIndex } from '../catalog/index';
import { diagnose as defaultDiagnose } from '../diagnose/index';
import { createTranslator, type Translate } from '../i18n/translate';
import { chosenCanaries, runRound as defaultRunRound, type RoundOptions } from '../probe/round';
import { createProbeMemory } from '../probe/probe-memory';
import { systemClock, type Clock } from './clock';
import type { ExportSpoolStore } from './export-spool-store';
import { lookRoundOptions, networkIdentity } from './looks';
import {
  DEFAULT_TIMINGS,
  MonitorError,
  type CurrentIncident,
  type MonitorEvents,
  type MonitorOptions,
  type MonitorTimings,
  type RoundRunner,
} from './monitor-api';
import { MonitorHistory } from './monitor-history';
import { NetworkWatch } from './network-watch';
import { Scheduler, type LookRequest } from './scheduler';
import { ShownVerdict } from './shown-verdict';
import { TypedEmitter } from './typed-emitter';

export type { MonitorNotification } from './notification-policy';
export type { RoundKind } from './scheduler';
export { HEARTBEAT_TIMEOUT_CAP_MS, mergeEvidence } from './looks';
export {
  DEFAULT_TIMINGS,
  MonitorError,
  type CurrentIncident,
  type Diagnoser,
  type LookEvent,
  type MonitorEvents,
  type MonitorOptions,
  type MonitorProblem,
  type MonitorTimings,
  type RoundRunner,
  type VerdictEvent,
} from './monitor-api';

const PROGRESS_EMIT_MS = 100;
const IDLE_PROGRESS: CheckProgress = { pending: [], done: 0, total: 0 };

export class Monitor extends TypedEmitter<MonitorEvents> {
  private config: Config;
  private language: Language;
  private t: Translate;
  private readonly runRound: RoundRunner;
  private readonly clock: Clock;
  private readonly timings: MonitorTimings;
  private readonly readNetwork: (() => string) | undefined;
  private roundOptions: Pick<RoundOptions, 'ca' | 'concurrency' | 'ipRanges' | 'proxies'>;

  private readonly history: MonitorHistory;
  private readonly shown: ShownVerdict;
  private readonly schedule: Scheduler<RoundEvidence>;
  private networkWatch: NetworkWatch | null = null;

  /** Heartbeats so far: whose turn it is among the controls and canaries. */
  private heartbeats = 0;
  /** TLS sessions and PTR answers kept between rounds. */
  private readonly probeMemory = createProbeMemory();
  private progress: CheckProgress = IDLE_PROGRESS;
  private lastProgressEmit = 0;

  constructor(options: MonitorOptions) {
    super();
    this.config = options.config;
    this.language = options.language;
    this.t = createTranslator(options.language).t;
    this.runRound = options.runRound ?? defaultRunRound;
    this.clock = options.clock ?? systemClock;
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.readNetwork = options.readNetwork;
    this.roundOptions = options.roundOptions ?? {};
    this.history = new MonitorHistory({
      dataDir: options.dataDir,
      maxBytes: options.historyMaxBytes,
      problem: (problem) => this.emit('problem', problem),
    });
    this.schedule = new Scheduler({
      clock: this.clock,
      timings: this.timings,
      fullRoundIntervalMs: () => this.config.intervalSeconds * 1000,
      probe: (look, signal) => this.probe(look, signal),
      judge: (look, evidence, startedAt) => this.shown.judge(look, evidence, startedAt),
      failed: (_look, error) =>
        this.emit('problem', { kind: 'round-failed', message: error instanceof Error ? error.message : String(error) }),
      maintain: () => this.history.write((store) => store.maintain(this.clock.now())),
      changed: () => this.emitState(),
    });
    this.shown = new ShownVerdict({
      clock: this.clock,
      timings: this.timings,
      diagnose: options.diagnose ?? defaultDiagnose,
      history: this.history,
      schedule: this.schedule,
      config: () => this.config,
      t: () => this.t,
      emit: (name, payload) => this.emit(name, payload),
      changed: () => this.emitState(),
    });
  }

  /** Opens the history (throws MonitorError 'history-unavailable'), then starts watching with a full round. */
  start(): void {
    if (this.schedule.running) return;
    if (!this.history.isOpen) this.shown.carryOver(this.history.open(this.config.historyDays));
    if (this.timings.networkPollMs !== null) {
      this.networkWatch = new NetworkWatch({
        intervalMs: this.timings.networkPollMs,
        clock: this.clock,
        onChange: () => this.networkChanged('interfaces'),
        ...(this.readNetwork ? { read: this.readNetwork } : {}),
      });
    }
    this.schedule.start();
    this.emitState();
  }

  /** Clears every timer, aborts the look in flight, closes the history. Safe to call twice. */
  async stop(): Promise<void> {
    if (!this.schedule.running && !this.history.isOpen) return;
    this.networkWatch?.stop();
    this.networkWatch = null;
    await this.schedule.stop();
    this.history.close();
  }

  /** A full round now; resolves when it has been judged. */
  checkNow(): Promise<void> {
    if (!this.schedule.running) return Promise.reject(new MonitorError('stopped', 'the monitor is not running'));
    return this.schedule.checkNow();
  }

  /** No probes until untilMs (epoch ms) or resume(). */
  pause(untilMs: number): void {
    this.schedule.pause(untilMs);
  }

  resume(): void {
    this.schedule.resume();
  }

  /** New settings: a full round at once (apps may have changed). */
  setConfig(config: Config): void {
    this.config = config;
    this.history.setHistoryDays(config.historyDays);
    this.schedule.startOver();
  }

  /** Re-renders the verdict and the diagnosis in the new language (diagnose is pure). */
  setLanguage(language: Language): void {
    if (language === this.language) return;
    this.language = language;
    this.t = createTranslator(language).t;
    this.shown.rerender();
    this.emitState();
  }

  /**
   * The entry point for OS network changes: interfaces (watched here), and
   * from the shell resume from sleep and online/offline. Bursts make one re-check.
   * The reason ('interfaces', 'resume', 'online', 'offline', ...) is for callers' logs: every change is treated alike.
   */
  networkChanged(_reason: string): void {
    this.schedule.networkChanged();
  }

  getState(): MonitorState {
    const pausedUntil = this.schedule.pausedUntil;
    return {
      phase: this.phase(),
      pausedUntil: pausedUntil === null ? null : new Date(pausedUntil).toISOString(),
      diagnosis: this.shown.diagnosis,
      controls: this.shown.evidence?.controls ?? [],
      canaries: this.shown.evidence?.canaries ?? [],
      progress: this.progress,
      officialStatus: this.shown.officialStatus,
      language: this.language,
      startAtLogin: null,
    };
  }

  /** The provider ranges for attribution from the next round on (they load in the background). */
  setIpRanges(ipRanges: IpRangeIndex | null): void {
    this.roundOptions = { ...this.roundOptions, ipRanges };
  }

  /** The confirmed verdict's incident, null while the verdict is ok or not yet confirmed. */
  currentIncident(): CurrentIncident | null {
    return this.shown.currentIncident();
  }

  /**
   * What the official status feeds say about the shown verdict. A change is
   * shown (a state update) and recorded with the open incident; the same
   * reading again changes nothing.
   */
  setOfficialStatus(statuses: OfficialStatus[]): void {
    if (this.shown.setOfficialStatus(statuses, this.clock.now()) && this.schedule.running) this.emitState();
  }

  /** The fleet export's spool and instance id in the history file; null without a data dir or before start. */
  exportSpool(): ExportSpoolStore | null {
    return this.history.exportSpool();
  }

  getHistory(query: HistoryQuery): History {
    return this.history.query(query);
  }

  /** The shown verdict, null before the first one is confirmed. */
  get verdict(): Verdict | null {
    return this.shown.verdict;
  }

  private phase(): AppState['phase'] {
    if (this.schedule.pausedUntil !== null) return 'paused';
    if (this.schedule.checking) return 'checking';
    if (!this.shown.verdict) return 'starting';
    return this.schedule.backingOff ? 'offline-backoff' : 'idle';
  }

  /** Runs a look's probes (one round). */
  private async probe(look: LookRequest, signal: AbortSignal): Promise<RoundEvidence> {
    const turn = look.kind === 'heartbeat' ? this.heartbeats++ : 0;
    const options: RoundOptions = {
      ...this.roundOptions,
      signal,
      providerMemory: this.history.providerMemory,
      nameMemory: this.history.nameMemory,
      // The network as last seen: a look cannot know where it runs before it ran.
      internalNames: this.history.internalNames(
        this.shown.evidence ? networkIdentity(this.shown.evidence) : { gateway: '', ssid: '' },
        this.clock.now(),
      ),
      memory: this.probeMemory,
      ...lookRoundOptions({
        look,
        turn,
        evidence: this.shown.evidence,
        canaryIds: chosenCanaries(this.config, this.history.providerMemory).map((canary) => canary.id),
        captiveDue: this.shown.localInQuestion(),
        onProgress: (progress) => this.onProgress(progress),
      }),
    };
    const startedAt = this.clock.now();
    try {
      return await this.runRound(this.config, options);
    } finally {
      this.progress = IDLE_PROGRESS;
      if (!signal.aborted) this.emit('look', { kind: look.kind, durationMs: this.clock.now() - startedAt });
    }
  }

  private onProgress(progress: CheckProgress): void {
    this.progress = progress;
    const now = this.clock.now();
    if (progress.pending.length > 0 && now - this.lastProgressEmit < PROGRESS_EMIT_MS) return;
    this.lastProgressEmit = now;
    this.emitState();
  }

  private emitState(): void {
    this.emit('state', this.getState());
  }
}

/* eslint-disable max-lines -- the glue where the parts listed below meet (schedule, looks, thresholds, incidents, history, notifications); each part is its own file. */
// The continuous watch shared by `watch`, `serve` and the Electron shell
// (vocabulary: docs/architecture.md). The Monitor composes its parts:
//   scheduler.ts         which look runs when (full rounds, heartbeats, confirming looks, back-off, pause)
//   looks.ts             what each kind of look probes, and how its evidence merges into what was seen
//   thresholds.ts        when the looks agree enough to change the shown verdict
//   incident-book.ts     the incidents behind confirmed verdicts, in the history
//   provider-learning.ts which provider serves each app, learned from the wire
//   notification-policy.ts which confirmed changes notify
// It probes (probe/round.ts), judges each look (diagnose/), keeps the state
// the front doors show, renders it in the chosen language, and owns the
// history file (history-store.ts).
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
import type { Diagnosis, Verdict } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';
import { providerDisplayName, type IpRangeIndex } from '../catalog/index';
import { diagnose as defaultDiagnose } from '../diagnose/index';
import { createTranslator, type Translate } from '../i18n/translate';
import { chosenCanaries, runRound as defaultRunRound, type RoundOptions } from '../probe/round';
import { createProbeMemory } from '../probe/probe-memory';
import type { ProviderMemoryEntry, RememberedName } from '../probe/target';
import { backoffModeFor } from './backoff';
import { systemClock, type Clock } from './clock';
import type { ExportSpoolStore } from './export-spool-store';
import { HistoryStore } from './history-store';
import { NetworkWatch } from './network-watch';
import { IncidentBook } from './incident-book';
import {
  DEFAULT_TIMINGS,
  MonitorError,
  type CurrentIncident,
  type Diagnoser,
  type MonitorEvents,
  type MonitorOptions,
  type MonitorTimings,
  type RoundRunner,
} from './monitor-api';
import { baselineObservation } from './baseline';
import {
  canaryChanges,
  confirmingLookApps,
  isLocalLook,
  localSignature,
  localVerdict,
  lookRoundOptions,
  lookSamples,
  mergeEvidence,
  networkIdentity,
  providerApps,
  recoveryLookDue,
  seesSlowness,
} from './looks';
import { learnNames, learnProviders } from './provider-learning';
import { Scheduler, type LookRequest } from './scheduler';
import { planNotifications } from './notification-policy';
import { confirmDueAt, INITIAL_THRESHOLD_STATE, observeLook, type ThresholdState } from './thresholds';
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
  private readonly dataDir: string | null;
  private readonly runRound: RoundRunner;
  private readonly diagnose: Diagnoser;
  private readonly clock: Clock;
  private readonly timings: MonitorTimings;
  private readonly readNetwork: (() => string) | undefined;
  private readonly historyMaxBytes: number | undefined;
  private roundOptions: Pick<RoundOptions, 'ca' | 'concurrency' | 'ipRanges' | 'proxies'>;
  private officialStatus: OfficialStatus[] = [];

  private store: HistoryStore | null = null;
  private networkWatch: NetworkWatch | null = null;

  private thresholds: ThresholdState = INITIAL_THRESHOLD_STATE;
  /** The world as last seen: the latest full round with the later looks merged in. */
  private evidence: RoundEvidence | null = null;
  /** The evidence that last confirmed (or updated) the shown verdict; kept to re-render it in another language. */
  private confirmedEvidence: RoundEvidence | null = null;
  private diagnosis: Diagnosis | null = null;
  private readonly incidents = new IncidentBook((write) => this.withStore(write));
  private notificationMemory = new Map<string, number>();
  private providerMemory = new Map<string, ProviderMemoryEntry>();
  private nameMemory = new Map<string, RememberedName[]>();

  private readonly schedule: Scheduler<RoundEvidence>;
  /** Heartbeats so far: whose turn it is among the controls and canaries. */
  private heartbeats = 0;
  /** TLS sessions and PTR answers kept between rounds. */
  private readonly probeMemory = createProbeMemory();
  /** What the last quiet look without apps saw (localSignature): the same again needs no judging. */
  private quietSignature: string | null = null;
  /** When a heartbeat that sees a slow network may look at the apps again. */
  private slowLookAllowedAt = 0;
  private progress: CheckProgress = IDLE_PROGRESS;
  private lastProgressEmit = 0;

  constructor(options: MonitorOptions) {
    super();
    this.config = options.config;
    this.language = options.language;
    this.t = createTranslator(options.language).t;
    this.dataDir = options.dataDir;
    this.runRound = options.runRound ?? defaultRunRound;
    this.diagnose = options.diagnose ?? defaultDiagnose;
    this.clock = options.clock ?? systemClock;
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.readNetwork = options.readNetwork;
    this.historyMaxBytes = options.historyMaxBytes;
    this.roundOptions = options.roundOptions ?? {};
    this.schedule = new Scheduler({
      clock: this.clock,
      timings: this.timings,
      fullRoundIntervalMs: () => this.config.intervalSeconds * 1000,
      probe: (look, signal) => this.probe(look, signal),
      judge: (look, evidence, startedAt) => this.judge(look, evidence, startedAt),
      failed: (_look, error) =>
        this.emit('problem', { kind: 'round-failed', message: error instanceof Error ? error.message : String(error) }),
      maintain: () => this.withStore((store) => store.maintain(this.clock.now())),
      changed: () => this.emitState(),
    });
  }

  /** Opens the history (throws MonitorError 'history-unavailable'), then starts watching with a full round. */
  start(): void {
    if (this.schedule.running) return;
    if (this.dataDir !== null && !this.store) {
      try {
        this.store = HistoryStore.open({
          dataDir: this.dataDir,
          historyDays: this.config.historyDays,
          ...(this.historyMaxBytes !== undefined ? { maxBytes: this.historyMaxBytes } : {}),
        });
        this.providerMemory = this.store.providerMemory();
        this.nameMemory = this.store.nameMemory();
        this.incidents.carryOver(this.store.lastOpenIncident());
      } catch (error) {
        throw new MonitorError('history-unavailable', `history in ${this.dataDir}: ${(error as Error).message}`);
      }
    }
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
    if (!this.schedule.running && !this.store) return;
    this.networkWatch?.stop();
    this.networkWatch = null;
    await this.schedule.stop();
    this.store?.close();
    this.store = null;
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
    this.store?.setHistoryDays(config.historyDays);
    this.schedule.startOver();
  }

  /** Re-renders the verdict and the diagnosis in the new language (diagnose is pure). */
  setLanguage(language: Language): void {
    if (language === this.language) return;
    this.language = language;
    this.t = createTranslator(language).t;
    if (this.confirmedEvidence && this.thresholds.confirmed) {
      this.thresholds = { ...this.thresholds, confirmed: this.diagnose(this.confirmedEvidence, this.t).verdict };
    }
    this.diagnosis = this.evidence ? this.shownDiagnosis(this.diagnose(this.evidence, this.t)) : null;
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
      diagnosis: this.diagnosis,
      controls: this.evidence?.controls ?? [],
      canaries: this.evidence?.canaries ?? [],
      progress: this.progress,
      officialStatus: this.officialStatus,
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
    const confirmed = this.thresholds.confirmed;
    const since = this.thresholds.confirmedSince;
    if (!confirmed || confirmed.kind === 'ok' || since === null) return null;
    return { id: this.incidents.currentId, openedAt: new Date(since).toISOString() };
  }

  /**
   * What the official status feeds say about the shown verdict. A change is
   * shown (a state update) and recorded with the open incident; the same
   * reading again changes nothing.
   */
  setOfficialStatus(statuses: OfficialStatus[]): void {
    if (JSON.stringify(statuses) === JSON.stringify(this.officialStatus)) return;
    this.officialStatus = statuses;
    this.incidents.officialStatus(statuses, this.clock.now());
    if (this.schedule.running) this.emitState();
  }

  /** The fleet export's spool and instance id in the history file; null without a data dir or before start. */
  exportSpool(): ExportSpoolStore | null {
    return this.withStore((store) => store.exportSpool());
  }

  getHistory(query: HistoryQuery): History {
    if (!this.store) return { incidents: [], samples: [] };
    return this.store.query(query);
  }

  /** The shown verdict, null before the first one is confirmed. */
  get verdict(): Verdict | null {
    return this.thresholds.confirmed;
  }

  private phase(): AppState['phase'] {
    if (this.schedule.pausedUntil !== null) return 'paused';
    if (this.schedule.checking) return 'checking';
    if (!this.thresholds.confirmed) return 'starting';
    return this.schedule.backingOff ? 'offline-backoff' : 'idle';
  }

  // ---- looking ----------------------------------------------------------

  /** A local verdict is shown or pending: the heartbeat checks the captive portal too. */
  private localInQuestion(): boolean {
    return this.thresholds.confirmed?.scope === 'local' || this.thresholds.candidate?.scope === 'local';
  }

  /** Runs a look's probes (one round). */
  private async probe(look: LookRequest, signal: AbortSignal): Promise<RoundEvidence> {
    const turn = look.kind === 'heartbeat' ? this.heartbeats++ : 0;
    const options: RoundOptions = {
      ...this.roundOptions,
      signal,
      providerMemory: this.providerMemory,
      nameMemory: this.nameMemory,
      memory: this.probeMemory,
      ...lookRoundOptions({
        look,
        turn,
        evidence: this.evidence,
        canaryIds: chosenCanaries(this.config, this.providerMemory).map((canary) => canary.id),
        captiveDue: this.localInQuestion(),
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

  // ---- judging ------------------------------------------------------------

  /** The latest diagnosis with the confirmed verdict in front (the looks may not have confirmed a change yet). */
  private shownDiagnosis(latest: Diagnosis): Diagnosis {
    const confirmed = this.thresholds.confirmed;
    return confirmed ? { ...latest, verdict: confirmed } : latest;
  }

  /** The verdict a look gives: a look without apps on its own evidence (null: no local problem seen), else on the world as last seen. */
  private lookVerdict(look: LookRequest, fresh: RoundEvidence, latest: () => Diagnosis): Verdict | null {
    if (!isLocalLook(look)) return latest().verdict;
    const signature = localSignature(fresh);
    if (signature === this.quietSignature) return null;
    const appIds = (this.evidence?.apps ?? []).map((app) => app.id);
    const own = this.diagnose(fresh, this.t);
    const verdict = localVerdict(own, appIds);
    this.quietSignature = verdict === null ? signature : null;
    // Slowness is judged with the apps: look at them (at most every slowSuspicionMs) unless it is already shown.
    const now = this.clock.now();
    if (seesSlowness(fresh) && this.thresholds.confirmed?.kind !== 'degraded' && now >= this.slowLookAllowedAt) {
      this.slowLookAllowedAt = now + this.timings.slowSuspicionMs;
      this.schedule.confirmAt(appIds, now);
    }
    return verdict;
  }

  private judge(look: LookRequest, fresh: RoundEvidence, startedAt: number): void {
    const previous = this.evidence;
    const evidence = mergeEvidence(previous, fresh, look.kind);
    this.evidence = evidence;
    const now = this.clock.now();
    const network = networkIdentity(evidence);
    let merged: Diagnosis | null = null;
    const latest = (): Diagnosis =>
      (merged ??= this.diagnose(
        evidence,
        this.t,
        this.withStore((store) => store.baselineOf(network)),
      ));
    if (!isLocalLook(look)) this.recordLook(fresh, latest(), now);
    // Only full looks teach what is usual: each sees every app and every fact the same way. They are
    // judged without the baseline for it, so a block that became context is still seen as a block.
    if (look.kind === 'full') {
      const plain = this.diagnose(fresh, this.t);
      this.withStore((store) => store.recordBaseline(now, baselineObservation(fresh, plain), network));
    }

    const verdict = this.lookVerdict(look, fresh, latest);
    if (verdict === null) {
      // A quiet look without apps: nothing it saw changes the world as judged, so nothing is judged again.
      if (this.localInQuestion()) {
        // The local problem is gone: look at everything again, at once.
        this.diagnosis = this.shownDiagnosis(latest());
        this.schedule.requestFullRound();
      }
      // A canary that fails (or works again) is a suspicion about its provider: look at its apps now.
      for (const provider of look.kind === 'heartbeat' ? canaryChanges(previous, fresh) : []) {
        this.schedule.confirmAt(providerApps(this.diagnosis, provider), now);
      }
      return;
    }

    const before = this.thresholds;
    const step = observeLook(before, { verdict, at: startedAt }, this.timings.thresholds);
    this.thresholds = step.state;
    if (step.change === 'confirmed' || step.change === 'updated') {
      this.confirmedEvidence = isLocalLook(look) ? fresh : evidence;
    }
    const shown = latest();
    this.diagnosis = this.shownDiagnosis(shown);

    // A change pending is confirmed after the minimum span; a young upstream incident is looked at again to see it end.
    const pending = step.change === 'pending';
    if (!pending) this.schedule.cancelConfirm();
    const nextAt = pending
      ? confirmDueAt(this.thresholds, this.timings.thresholds)
      : recoveryLookDue(this.thresholds, now, this.timings);
    if (pending || nextAt !== null) this.schedule.confirmAt(confirmingLookApps(this.thresholds, shown), nextAt ?? now);
    if (step.change === 'confirmed') this.onConfirmed(before, shown, now);
    else if (step.change === 'updated') this.onUpdated(before.confirmed, shown, now);
    else if (step.change === 'steady' && look.kind === 'full') this.incidents.stillGoing(now);
    // A heartbeat runs unseen unless it moved something.
    if (look.kind === 'heartbeat' && step.change !== 'steady') this.emitState();
  }

  private onConfirmed(before: ThresholdState, latest: Diagnosis, now: number): void {
    const previous = before.confirmed;
    const next = this.thresholds.confirmed as Verdict;
    const previousSince = before.confirmedSince;
    const { openId, closedId, continuedSince } = this.incidents.confirmed({
      verdict: next,
      since: this.thresholds.confirmedSince ?? now,
      diagnosis: latest,
      network: networkIdentity(this.evidence as RoundEvidence),
      now,
    });
    if (continuedSince !== null) this.thresholds = { ...this.thresholds, confirmedSince: continuedSince };

    // What the status pages said was about the previous situation.
    this.officialStatus = [];

    // Leaving back-off needs no extra round: the full round that saw the network return was one of the looks.
    this.schedule.setBackoff(backoffModeFor(next));

    this.emit('verdict', {
      at: new Date(now).toISOString(),
      verdict: next,
      previous,
      change: 'confirmed',
      incidentId: openId,
      diagnosis: this.diagnosis as Diagnosis,
    });
    this.notify(previous, previousSince, next, next.kind === 'ok' ? closedId : openId, now);
  }

  private onUpdated(previous: Verdict | null, latest: Diagnosis, now: number): void {
    const next = this.thresholds.confirmed as Verdict;
    this.incidents.updated(next, latest, now);
    this.emit('verdict', {
      at: new Date(now).toISOString(),
      verdict: next,
      previous,
      change: 'updated',
      incidentId: this.incidents.currentId,
      diagnosis: this.diagnosis as Diagnosis,
    });
  }

  private notify(
    previous: Verdict | null,
    previousSince: number | null,
    next: Verdict,
    incidentId: number | null,
    now: number,
  ): void {
    const names = new Map((this.evidence?.apps ?? []).map((app) => [app.id, app.name]));
    const decision = planNotifications(
      { previous, previousSince, next, incidentId, vpn: this.diagnosis?.local.vpn ?? null },
      {
        preferences: this.config.notifications,
        now: new Date(now),
        lastShown: this.notificationMemory,
        names: { app: (id) => names.get(id) ?? id, provider: providerDisplayName },
        t: this.t,
      },
    );
    this.notificationMemory = decision.lastShown;
    for (const notification of decision.notifications) this.emit('notification', notification);
  }

  // ---- history ------------------------------------------------------------

  private withStore<T>(write: (store: HistoryStore) => T): T | null {
    if (!this.store) return null;
    try {
      return write(this.store);
    } catch (error) {
      this.emit('problem', { kind: 'history-failed', message: (error as Error).message });
      return null;
    }
  }

  /** What the history keeps of a full round or confirming look: samples, and what it taught about providers. */
  private recordLook(fresh: RoundEvidence, latest: Diagnosis, now: number): void {
    const samples = lookSamples(fresh, latest);
    const { memory, learned } = learnProviders(fresh, latest, this.providerMemory);
    this.providerMemory = memory;
    const names = learnNames(fresh, latest, this.nameMemory, now);
    this.nameMemory = names.memory;
    this.withStore((store) => {
      store.recordSamples(now, samples, networkIdentity(fresh));
      store.rememberProviders(learned, now);
      store.rememberNames(names.learned);
    });
  }

  // ---- state --------------------------------------------------------------

  private emitState(): void {
    this.emit('state', this.getState());
  }
}

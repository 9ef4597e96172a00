// The Monitor's schedule: which look runs when. A full round every
// intervalSeconds, a heartbeat every few seconds in between, a confirming look
// when a look disagrees with the shown verdict (at the time the judge names:
// at once for a suspicion, once the minimum span is covered for a candidate);
// no full rounds while the network cannot reach any app (backing off), and
// growing heartbeats while it is down altogether; a full round after a network
// change has settled, after a pause, and for every checkNow (which does not
// wait for a heartbeat in flight).
// Looks never overlap: one is in flight, at most one waits (requests merge).
// What a look probes and what its result means is the caller's (probe and
// judge); the scheduler only knows kinds, apps to re-check, and time.
import { backoffDelayMs, type BackoffMode, type BackoffSettings } from './backoff';
import type { Clock, TimerHandle } from './clock';

/** The three kinds of look. */
export type RoundKind = 'full' | 'confirm' | 'heartbeat';

/** A look asked for. */
export interface LookRequest {
  kind: RoundKind;
  /** For confirming looks: the apps to re-check (none: the local network and controls only). */
  appIds: string[];
}

export interface ScheduleTimings {
  /** Between heartbeats while the network is usable. */
  heartbeatMs: number;
  /** The least time from a disagreeing look's end to the confirming re-check. */
  confirmDelayMs: number;
  /** Network-change events within this window make one re-check. */
  networkSettleMs: number;
  /** Between history maintenance passes (retention, downsampling, size cap). */
  maintenanceMs: number;
  backoff: BackoffSettings;
}

export interface SchedulerOptions<Evidence> {
  clock: Clock;
  timings: ScheduleTimings;
  /** Between full rounds; read whenever the next one is scheduled (the setting may change). */
  fullRoundIntervalMs: () => number;
  /** Runs a look's probes. The signal aborts when the look no longer counts (pause, stop, start over). */
  probe: (look: LookRequest, signal: AbortSignal) => Promise<Evidence>;
  /** Judges a look that finished and still counts (startedAt: epoch ms its probes began); it may ask for more looks. */
  judge: (look: LookRequest, evidence: Evidence, startedAt: number) => void;
  /** A look's probes or its judging threw. */
  failed: (look: LookRequest, error: unknown) => void;
  /** History maintenance: at start, then every maintenanceMs. */
  maintain: () => void;
  /** What is shown may have changed: a full round or confirming look began or ended, a pause began or ended. */
  changed: () => void;
}

interface LookInFlight extends LookRequest {
  controller: AbortController;
  startedAt: number;
}

type TimerName = 'full' | 'heartbeat' | 'confirm' | 'settle' | 'pause' | 'maintenance';

/** When looks wait together, the wider one runs: a full round covers a confirming look, which covers a heartbeat. */
const COVERAGE: Record<RoundKind, number> = { heartbeat: 0, confirm: 1, full: 2 };

const FULL_ROUND: LookRequest = { kind: 'full', appIds: [] };
const HEARTBEAT: LookRequest = { kind: 'heartbeat', appIds: [] };

function mergeRequests(waiting: LookRequest | null, next: LookRequest): LookRequest {
  if (!waiting) return next;
  if (waiting.kind === 'confirm' && next.kind === 'confirm') {
    return { kind: 'confirm', appIds: [...new Set([...waiting.appIds, ...next.appIds])] };
  }
  return COVERAGE[next.kind] > COVERAGE[waiting.kind] ? next : waiting;
}

export class Scheduler<Evidence> {
  private isRunning = false;
  private paused: number | null = null;
  private backoff: BackoffMode = 'none';
  private confirmRequest: LookRequest | null = null;
  private backoffAttempt = 0;
  private inFlight: LookInFlight | null = null;
  private waiting: LookRequest | null = null;
  private fullRoundWaiters: (() => void)[] = [];
  private readonly timers = new Map<TimerName, TimerHandle>();
  /** Settles when the look launched last has been judged; stop() waits for it. */
  private settled: Promise<void> = Promise.resolve();

  constructor(private readonly options: SchedulerOptions<Evidence>) {}

  get running(): boolean {
    return this.isRunning;
  }

  /** Epoch ms until which no look runs, null when not paused. */
  get pausedUntil(): number | null {
    return this.paused;
  }

  /** A full round or a confirming look is in flight (a heartbeat runs unseen). */
  get checking(): boolean {
    return this.inFlight !== null && this.inFlight.kind !== 'heartbeat';
  }

  /** No full rounds for now: the network reaches no app. */
  get backingOff(): boolean {
    return this.backoff !== 'none';
  }

  /** Starts with history maintenance and a full round. */
  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.maintain();
    this.request(FULL_ROUND);
  }

  /** Clears every timer, aborts the look in flight and waits for it to settle; releases checkNow waiters. */
  async stop(): Promise<void> {
    this.isRunning = false;
    for (const handle of this.timers.values()) this.options.clock.clearTimeout(handle);
    this.timers.clear();
    this.waiting = null;
    this.inFlight?.controller.abort();
    await this.settled;
    this.releaseWaiters();
  }

  /** A full round now; resolves when it has been judged (or the schedule no longer runs it: pause, stop). */
  checkNow(): Promise<void> {
    if (!this.isRunning) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.fullRoundWaiters.push(resolve));
    // A person is waiting: a heartbeat in flight gives way (the full round covers it).
    if (this.inFlight?.kind === 'heartbeat') this.inFlight.controller.abort();
    this.request(FULL_ROUND);
    return done;
  }

  /** No looks until untilMs (epoch ms) or resume(). */
  pause(untilMs: number): void {
    if (!this.isRunning) return;
    this.paused = untilMs;
    for (const name of ['full', 'heartbeat', 'confirm', 'settle'] as const) this.clearTimer(name);
    this.waiting = null;
    this.inFlight?.controller.abort();
    // A check someone is waiting for will not run now: do not leave them hanging until the pause ends.
    this.releaseWaiters();
    this.setTimer('pause', Math.max(0, untilMs - this.options.clock.now()), () => this.resume());
    this.options.changed();
  }

  /** Ends a pause with a full round. */
  resume(): void {
    if (!this.isRunning || this.paused === null) return;
    this.paused = null;
    this.clearTimer('pause');
    this.request(FULL_ROUND);
    this.options.changed();
  }

  /** What is in flight no longer counts (e.g. new settings): drop it and run a full round. */
  startOver(): void {
    if (!this.isRunning || this.paused !== null) return;
    this.inFlight?.controller.abort();
    this.request(FULL_ROUND);
  }

  /** An OS network change; a burst within networkSettleMs makes one full round, and back-off starts afresh. */
  networkChanged(): void {
    if (!this.isRunning || this.paused !== null) return;
    this.setTimer('settle', this.options.timings.networkSettleMs, () => {
      this.backoffAttempt = 0;
      // What is in flight mixes two networks: drop it and look again.
      this.inFlight?.controller.abort();
      this.request(FULL_ROUND);
    });
  }

  /** A full round as soon as possible (e.g. a local problem is gone). */
  requestFullRound(): void {
    this.request(FULL_ROUND);
  }

  /**
   * A confirming look at these apps (none: the local network and controls),
   * not before atMs (epoch ms) nor before confirmDelayMs from now. One already
   * due keeps its time and takes these apps too.
   */
  confirmAt(appIds: string[], atMs: number): void {
    if (this.confirmRequest && this.timers.has('confirm')) {
      this.confirmRequest = mergeRequests(this.confirmRequest, { kind: 'confirm', appIds });
      return;
    }
    this.confirmRequest = { kind: 'confirm', appIds };
    const delay = Math.max(this.options.timings.confirmDelayMs, atMs - this.options.clock.now());
    this.setTimer('confirm', delay, () => {
      const request = this.confirmRequest ?? { kind: 'confirm', appIds };
      this.confirmRequest = null;
      this.request(request);
    });
  }

  /** The looks agree again: no confirming look is needed. */
  cancelConfirm(): void {
    this.clearTimer('confirm');
    this.confirmRequest = null;
  }

  /** How the schedule runs from now on; entering growing heartbeats starts the growth from the base delay. */
  setBackoff(mode: BackoffMode): void {
    if (mode === 'growing' && this.backoff !== 'growing') this.backoffAttempt = 0;
    this.backoff = mode;
  }

  private setTimer(name: TimerName, ms: number, callback: () => void): void {
    this.clearTimer(name);
    this.timers.set(
      name,
      this.options.clock.setTimeout(() => {
        this.timers.delete(name);
        callback();
      }, ms),
    );
  }

  private clearTimer(name: TimerName): void {
    const handle = this.timers.get(name);
    if (handle !== undefined) this.options.clock.clearTimeout(handle);
    this.timers.delete(name);
  }

  private maintain(): void {
    this.options.maintain();
    this.setTimer('maintenance', this.options.timings.maintenanceMs, () => this.maintain());
  }

  private request(request: LookRequest): void {
    if (!this.isRunning) return;
    if (this.paused !== null && request.kind !== 'full') return;
    if (this.inFlight) {
      // A full round in flight already covers a heartbeat.
      if (request.kind === 'heartbeat' && this.inFlight.kind === 'full') return;
      this.waiting = mergeRequests(this.waiting, request);
      return;
    }
    this.launch(request);
  }

  private launch(request: LookRequest): void {
    const controller = new AbortController();
    const flight: LookInFlight = { ...request, controller, startedAt: this.options.clock.now() };
    this.inFlight = flight;
    if (request.kind === 'full') this.clearTimer('full');
    this.clearTimer('heartbeat');
    if (request.kind !== 'heartbeat') this.options.changed();
    const look: LookRequest = { kind: request.kind, appIds: request.appIds };
    this.settled = Promise.resolve()
      .then(() => this.options.probe(look, controller.signal))
      .then(
        (evidence) => this.finish(flight, look, { evidence }),
        (error: unknown) => this.finish(flight, look, { error }),
      );
  }

  private finish(flight: LookInFlight, look: LookRequest, outcome: { evidence: Evidence } | { error: unknown }): void {
    if (this.inFlight === flight) this.inFlight = null;
    const aborted = flight.controller.signal.aborted;
    if (this.isRunning && !aborted) {
      if ('evidence' in outcome) {
        try {
          this.options.judge(look, outcome.evidence, flight.startedAt);
        } catch (error) {
          this.options.failed(look, error);
        }
      } else {
        this.options.failed(look, outcome.error);
      }
    }
    if (flight.kind === 'full' && !aborted) this.releaseWaiters();
    if (!this.isRunning) return;
    this.scheduleNext(flight.kind, aborted);
    const next = this.waiting;
    this.waiting = null;
    if (next && (this.paused === null || next.kind === 'full')) this.launch(next);
    // A heartbeat runs unseen: the judge says so itself when one moved something.
    if (flight.kind !== 'heartbeat') this.options.changed();
  }

  private releaseWaiters(): void {
    const waiters = this.fullRoundWaiters;
    this.fullRoundWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private scheduleNext(kind: RoundKind, aborted: boolean): void {
    if (this.paused !== null) return;
    if (this.backoff === 'growing') {
      this.clearTimer('full');
      this.setTimer('heartbeat', backoffDelayMs(this.backoffAttempt, this.options.timings.backoff), () => {
        this.backoffAttempt += 1;
        this.request(HEARTBEAT);
      });
      return;
    }
    if (this.backoff === 'no-full-rounds') {
      this.clearTimer('full');
      this.setTimer('heartbeat', this.options.timings.heartbeatMs, () => this.request(HEARTBEAT));
      return;
    }
    if ((kind === 'full' && !aborted) || !this.timers.has('full')) {
      this.setTimer('full', this.options.fullRoundIntervalMs(), () => this.request(FULL_ROUND));
    }
    this.setTimer('heartbeat', this.options.timings.heartbeatMs, () => this.request(HEARTBEAT));
  }
}

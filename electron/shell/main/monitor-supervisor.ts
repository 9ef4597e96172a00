// Runs the engine in its own process and keeps it running: a stalled or
// crashed engine never freezes the tray. Calls time out; a timed-out engine
// is killed and restarted with back-off. No Electron import: main passes a
// spawner over utilityProcess.fork, tests one over child_process.fork.
import { EventEmitter } from 'node:events';
import type { AppState } from '../../contracts/bridge';
import type { MonitorNotification } from '../common/notification-model';
import { parseFromHost, type HostCall, type NetworkChangeReason, type ToHost } from '../common/monitor-protocol';

/** The few things the supervisor needs of a child process. */
export interface HostProcess {
  postMessage(message: ToHost): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type SpawnHost = () => HostProcess;

export interface SupervisorOptions {
  spawn: SpawnHost;
  callTimeoutMs?: number;
  /** Waits before restart number 1, 2, ...; the last repeats. */
  restartDelaysMs?: number[];
  /** A run this long without a crash resets the back-off. */
  healthyAfterMs?: number;
  stopTimeoutMs?: number;
  /** How often an idle engine is asked for its state, so a stall is noticed without any call; 0 = never. */
  watchdogMs?: number;
  /** Which proxy a URL goes through (Electron's session.resolveProxy: `DIRECT`, `PROXY host:port`); absent = direct. */
  resolveProxy?: (url: string) => Promise<string>;
}

export class EngineCallError extends Error {
  override name = 'EngineCallError';
  constructor(
    readonly kind: 'timeout' | 'engine-down' | 'refused' | 'stopped',
    message: string,
  ) {
    super(message);
  }
}

interface PendingCall {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface SupervisorEvents {
  state: [AppState];
  notification: [MonitorNotification];
  /** true when the engine went away and is being restarted; false once it is back. */
  'engine-down': [boolean];
  /** The engine refused to start (bad config file, unopenable database): restarting will not help. */
  fatal: [string];
}

export class MonitorSupervisor extends EventEmitter<SupervisorEvents> {
  private host: HostProcess | null = null;
  /** The host has said `ready`; until then calls wait here (a fresh process may not be listening yet). */
  private ready = false;
  private readonly queued: ToHost[] = [];
  private readonly pending = new Map<number, PendingCall>();
  private nextId = 1;
  private restarts = 0;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private stopping = false;
  private exited: Promise<void> = Promise.resolve();
  private readonly callTimeoutMs: number;
  private readonly restartDelaysMs: number[];
  private readonly healthyAfterMs: number;
  private readonly stopTimeoutMs: number;
  private watchdog: NodeJS.Timeout | null = null;

  constructor(private readonly options: SupervisorOptions) {
    super();
    this.callTimeoutMs = options.callTimeoutMs ?? 20_000;
    this.restartDelaysMs = options.restartDelaysMs ?? [1_000, 2_000, 5_000, 10_000, 30_000];
    this.healthyAfterMs = options.healthyAfterMs ?? 60_000;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
    const watchdogMs = options.watchdogMs ?? 30_000;
    if (watchdogMs > 0) {
      this.watchdog = setInterval(() => {
        // A timeout kills the engine (see call); the restart follows from its exit.
        if (this.host && this.ready && this.pending.size === 0) this.call('getState', []).catch(() => undefined);
      }, watchdogMs);
      this.watchdog.unref();
    }
  }

  get running(): boolean {
    return this.host !== null;
  }

  start(): void {
    if (this.host || this.stopping) return;
    const host = this.options.spawn();
    this.host = host;
    this.ready = false;
    this.startedAt = Date.now();
    let exitedResolve: () => void = () => undefined;
    this.exited = new Promise((resolve) => {
      exitedResolve = resolve;
    });
    host.onMessage((raw) => this.receive(host, raw));
    host.onExit(() => {
      exitedResolve();
      this.hostExited(host);
    });
  }

  call(call: HostCall, args: unknown[]): Promise<unknown> {
    const host = this.host;
    if (!host)
      return Promise.reject(
        new EngineCallError(this.stopping ? 'stopped' : 'engine-down', 'the engine is not running'),
      );
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new EngineCallError('timeout', `the engine did not answer ${call} within ${this.callTimeoutMs} ms`));
        // A stalled engine is restarted rather than waited on.
        if (this.host === host) this.kill(host);
      }, this.callTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.send({ type: 'call', id, call, args });
    });
  }

  /** Dropped while the engine starts: it begins with a full round anyway. */
  networkChanged(reason: NetworkChangeReason): void {
    if (this.ready) this.host?.postMessage({ type: 'network-changed', reason });
  }

  private send(message: ToHost): void {
    if (!this.ready) this.queued.push(message);
    else if (this.host && !this.killed.has(this.host)) this.host.postMessage(message);
  }

  /** Asks the engine to stop (monitor stopped, database closed); kills it if it does not exit in time. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const host = this.host;
    if (!host) return;
    this.send({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.stopTimeoutMs);
    });
    const outcome = await Promise.race([this.exited.then(() => 'exited' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.kill(host);
      await this.exited;
    }
  }

  /** Asks the engine to stop and returns at once (the system is logging out or shutting down). */
  stopWithoutWaiting(): void {
    this.stopping = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (this.ready) this.host?.postMessage({ type: 'stop' });
  }

  private receive(host: HostProcess, raw: unknown): void {
    if (host !== this.host) return;
    const message = parseFromHost(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        for (const queued of this.queued.splice(0)) host.postMessage(queued);
        if (this.restarts > 0) this.emit('engine-down', false);
        return;
      case 'state':
        this.emit('state', message.state);
        return;
      case 'notification':
        this.emit('notification', message.notification);
        return;
      case 'reply': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        clearTimeout(pending.timer);
        if (message.ok) pending.resolve(message.value);
        else pending.reject(new EngineCallError('refused', message.problem));
        return;
      }
      case 'resolve-proxies':
        void this.answerProxies(host, message.id, message.urls);
        return;
      case 'fatal':
        this.stopping = true;
        this.emit('fatal', message.problem);
        return;
    }
  }

  /** Engines killed but not yet gone: nothing more is written to them (their pipe is closing). */
  private readonly killed = new WeakSet<HostProcess>();

  private kill(host: HostProcess): void {
    this.killed.add(host);
    host.kill();
  }

  /** A URL whose lookup fails goes direct: a broken PAC script must not stop the round. */
  private async answerProxies(host: HostProcess, id: number, urls: string[]): Promise<void> {
    const resolve = this.options.resolveProxy ?? (async () => 'DIRECT');
    const answers = await Promise.all(
      urls.map(async (url): Promise<[string, string]> => {
        try {
          return [url, await resolve(url)];
        } catch {
          return [url, 'DIRECT'];
        }
      }),
    );
    if (host === this.host && !this.killed.has(host)) host.postMessage({ type: 'proxies', id, answers });
  }

  private hostExited(host: HostProcess): void {
    if (host !== this.host) return;
    this.host = null;
    this.ready = false;
    this.queued.length = 0;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new EngineCallError('engine-down', 'the engine stopped before answering'));
      this.pending.delete(id);
    }
    if (this.stopping) return;
    if (Date.now() - this.startedAt >= this.healthyAfterMs) this.restarts = 0;
    const delay = this.restartDelaysMs[Math.min(this.restarts, this.restartDelaysMs.length - 1)] ?? 1_000;
    this.restarts += 1;
    this.emit('engine-down', true);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, delay);
  }
}

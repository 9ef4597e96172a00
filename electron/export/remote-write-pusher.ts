// Remote write's rhythm: every intervalSeconds a snapshot of the series goes
// into the spool, and the spool drains to the receiver oldest first. A
// failure that may pass (no network, a timeout, 429/5xx, a token or path to
// fix) backs off and keeps the spool; samples the receiver refuses for good
// (other 4xx) are dropped and counted, one snapshot at a time so one bad
// sample does not cost the rest. One request in flight at most; the Monitor
// never waits for any of this.
import { readFile } from 'node:fs/promises';
import type { SecureContext } from 'node:tls';
import type { RemoteWriteConfig } from '../contracts/config';
import type { ExportProblem, RemoteWriteStatus } from '../contracts/export-status';
import { seriesKey, STALE_NAN, type TimeSeriesSample } from './remote-write-encoding';
import { sendWriteRequest, type SendOutcome } from './remote-write-client';
import { MemorySpoolStorage, type Spool } from './spool';

export interface PushTiming {
  /** Between snapshots; config.export.remoteWrite.intervalSeconds unless a test says otherwise. */
  intervalMs: number;
  requestTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_PUSH_TIMING: Omit<PushTiming, 'intervalMs'> = {
  requestTimeoutMs: 10_000,
  backoffBaseMs: 2_000,
  backoffMaxMs: 5 * 60_000,
};

/** Snapshots per request before the sample cap (MAX_SAMPLES_PER_REQUEST) is reached first. */
const MAX_SNAPSHOTS_PER_REQUEST = 60;
const MAX_TOKEN_BYTES = 64 * 1024;

export interface PusherOptions {
  config: RemoteWriteConfig;
  spool: Spool;
  snapshot: (atMs: number) => Promise<TimeSeriesSample[]>;
  timing: PushTiming;
  userAgent: string;
  secureContext?: SecureContext;
  /** The status changed (a delivery, a problem, the spool's size). */
  onChange: () => void;
}

type TokenRead = { token: string | null } | { problem: ExportProblem };

export class RemoteWritePusher {
  private readonly options: PusherOptions;
  private tickTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly stopping = new AbortController();
  private draining: Promise<void> | null = null;
  private attempts = 0;
  private retryAt: number | null = null;
  /** After a refused batch of several snapshots: send one at a time up to this id. */
  private isolateThroughId = 0;
  private lastSentAt: number | null = null;
  private problem: ExportProblem | null = null;
  private rejectedSamples = 0;
  /** The series of the last snapshot: one missing from the next ends with a staleness marker. */
  private lastSeries = new Map<string, Record<string, string>>();

  constructor(options: PusherOptions) {
    this.options = options;
  }

  /** Sends what an earlier run left in the spool, then snapshots every interval. */
  start(): void {
    this.scheduleTick();
    this.drainSoon();
  }

  /** Stops the timers and the request in flight; what was not delivered stays in the spool. */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.tickTimer) clearTimeout(this.tickTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.draining;
  }

  /** The network may be back (the shown verdict changed): a backed-off attempt runs now. */
  retrySoon(): void {
    if (this.retryAt === null || this.stopping.signal.aborted) return;
    this.retryAt = null;
    this.attempts = 0;
    this.drainSoon();
  }

  /** Reads the token file as a send would (the start-up check); a problem shows in the status at once. */
  async checkToken(): Promise<ExportProblem | null> {
    const read = await this.readToken();
    if (!('problem' in read)) return null;
    this.problem = read.problem;
    return read.problem;
  }

  status(): RemoteWriteStatus {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      state: 'on',
      url: this.options.config.url,
      lastSentAt: iso(this.lastSentAt),
      problem: this.problem,
      retryAt: iso(this.retryAt),
      ...this.withSpool((spool) => spool.counts()),
      rejectedSamples: this.rejectedSamples,
    };
  }

  private scheduleTick(): void {
    if (this.stopping.signal.aborted) return;
    this.tickTimer = setTimeout(
      () =>
        void this.tick().catch((error: unknown) => {
          this.problem = { kind: 'spool-failed', detail: String(error), status: null, at: new Date().toISOString() };
        }),
      this.options.timing.intervalMs,
    );
  }

  private async tick(): Promise<void> {
    this.scheduleTick();
    const at = Date.now();
    const samples = await this.options.snapshot(at);
    if (this.stopping.signal.aborted) return;
    const current = new Map(samples.map((sample) => [seriesKey(sample.labels), sample.labels]));
    const ended = [...this.lastSeries]
      .filter(([key]) => !current.has(key))
      .map(([, labels]) => ({ labels, value: STALE_NAN, timestampMs: at }));
    this.lastSeries = current;
    this.withSpool((spool) => spool.add(at, [...samples, ...ended]));
    this.options.onChange();
    if (this.retryAt === null) this.drainSoon();
  }

  private drainSoon(): void {
    if (this.draining || this.stopping.signal.aborted) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      this.options.onChange();
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const batch = this.withSpool((spool) =>
        spool.nextBatch(this.isolateThroughId > 0 ? 1 : MAX_SNAPSHOTS_PER_REQUEST),
      );
      if (!batch || this.stopping.signal.aborted) return;
      const token = await this.readToken();
      if ('problem' in token) return this.backOff(token.problem, null);
      const outcome = await sendWriteRequest(this.options.config.url, {
        body: batch.body,
        token: token.token,
        timeoutMs: this.options.timing.requestTimeoutMs,
        userAgent: this.options.userAgent,
        signal: this.stopping.signal,
        ...(this.options.secureContext ? { secureContext: this.options.secureContext } : {}),
      });
      if (this.stopping.signal.aborted) return;
      if (batch.throughId >= this.isolateThroughId) this.isolateThroughId = 0;
      if (outcome.ok) {
        this.withSpool((spool) => spool.remove(batch.throughId));
        this.lastSentAt = Date.now();
        this.problem = null;
        this.attempts = 0;
        this.retryAt = null;
      } else if (!outcome.retry && batch.snapshots > 1) {
        // Find the snapshots it refuses: one request each.
        this.isolateThroughId = batch.throughId;
      } else if (!outcome.retry) {
        this.withSpool((spool) => spool.remove(batch.throughId));
        this.rejectedSamples += batch.samples;
        this.problem = problemOf(outcome);
      } else {
        return this.backOff(problemOf(outcome), outcome.retryAfterMs);
      }
      this.options.onChange();
    }
  }

  private backOff(problem: ExportProblem, askedMs: number | null): void {
    const { backoffBaseMs, backoffMaxMs } = this.options.timing;
    const grown = Math.min(backoffMaxMs, backoffBaseMs * 2 ** this.attempts);
    // A little jitter, so a fleet that lost the same network does not come back in step.
    const delay = Math.min(backoffMaxMs, Math.max(askedMs ?? 0, grown * (0.8 + Math.random() * 0.4)));
    this.attempts += 1;
    this.problem = problem;
    this.retryAt = Date.now() + delay;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryAt = null;
      this.drainSoon();
    }, delay);
  }

  private async readToken(): Promise<TokenRead> {
    const file = this.options.config.bearerTokenFile;
    if (file === null) return { token: null };
    const unreadable = (detail: string): TokenRead => ({
      problem: { kind: 'token-unreadable', detail, status: null, at: new Date().toISOString() },
    });
    try {
      const bytes = await readFile(file);
      if (bytes.byteLength > MAX_TOKEN_BYTES) return unreadable(`${file}: larger than ${MAX_TOKEN_BYTES} bytes`);
      const token = bytes.toString('utf8').trim();
      // Re-read at every send, as Prometheus does: a rotated token is picked up.
      return token === '' || /[\r\n]/.test(token)
        ? unreadable(`${file}: ${token === '' ? 'empty' : 'more than one line'}`)
        : { token };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return unreadable(`${file}: ${code ?? (error as Error).message}`);
    }
  }

  /** A spool operation; when the history file fails, the spool goes on in memory and says so. */
  private withSpool<T>(operation: (spool: Spool) => T): T {
    try {
      return operation(this.options.spool);
    } catch (error) {
      this.options.spool.moveTo(new MemorySpoolStorage());
      this.problem = {
        kind: 'spool-failed',
        detail: (error as Error).message,
        status: null,
        at: new Date().toISOString(),
      };
      return operation(this.options.spool);
    }
  }
}

function problemOf(outcome: Extract<SendOutcome, { ok: false }>): ExportProblem {
  return { kind: outcome.kind, detail: outcome.detail, status: outcome.status, at: new Date().toISOString() };
}

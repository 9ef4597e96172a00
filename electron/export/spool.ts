// The offline spool: every remote-write snapshot is written here first and
// leaves when the receiver has accepted it, oldest first, so samples taken
// while the network was down arrive later with their own timestamps. Bounded
// by bytes: when full, the oldest snapshots go, and are counted. The storage
// is the history file (monitor/export-spool-store.ts) or, without a data dir
// or after it failed, memory.
import { uncompress } from 'snappyjs';
import { compressPayload, encodeWriteRequest, type TimeSeriesSample } from './remote-write-encoding';
import type { SpooledSnapshot, SpoolTotals } from '../contracts/export-spool';

/** Where snapshots wait; ExportSpoolStore has this shape. */
export interface SpoolStorage {
  append(at: number, samples: number, payload: Uint8Array): void;
  oldest(limit: number): SpooledSnapshot[];
  removeThrough(id: number): void;
  dropOldest(count: number): number;
  totals(): SpoolTotals;
}

export class MemorySpoolStorage implements SpoolStorage {
  private rows: SpooledSnapshot[] = [];
  private nextId = 1;

  append(at: number, samples: number, payload: Uint8Array): void {
    this.rows.push({ id: this.nextId++, at, samples, payload });
  }

  oldest(limit: number): SpooledSnapshot[] {
    return this.rows.slice(0, limit);
  }

  removeThrough(id: number): void {
    this.rows = this.rows.filter((row) => row.id > id);
  }

  dropOldest(count: number): number {
    return this.rows.splice(0, count).reduce((sum, row) => sum + row.samples, 0);
  }

  totals(): SpoolTotals {
    return this.rows.reduce(
      (sum, row) => ({
        rows: sum.rows + 1,
        samples: sum.samples + row.samples,
        bytes: sum.bytes + row.payload.byteLength,
      }),
      { rows: 0, samples: 0, bytes: 0 },
    );
  }
}

/** About three days of 60-second snapshots of a typical config (~1.7 KB each, compressed; BENCHMARKS.md). */
export const DEFAULT_SPOOL_MAX_BYTES = 8 * 1024 * 1024;
/** Prometheus's own default per request is 2,000 samples (max_samples_per_send). */
export const MAX_SAMPLES_PER_REQUEST = 2_000;
/** The biggest snapshot we decompress: far above any real one. */
const MAX_SNAPSHOT_BYTES = 4 * 1024 * 1024;

export interface SpoolBatch {
  /** Every snapshot up to this id is in the batch. */
  throughId: number;
  snapshots: number;
  samples: number;
  oldestAt: number;
  /** The HTTP body: the snapshots' WriteRequests joined, compressed. */
  body: Uint8Array;
}

export class Spool {
  private droppedSnapshots = 0;
  private droppedSamples = 0;
  /** The storage's totals as of the last change: the state asks for them far more often than they change. */
  private totals: SpoolTotals | null = null;

  constructor(
    private storage: SpoolStorage,
    private readonly maxBytes = DEFAULT_SPOOL_MAX_BYTES,
  ) {}

  /** Keeps a snapshot; drops the oldest while the spool is over its size. */
  add(at: number, samples: readonly TimeSeriesSample[]): void {
    const payload = compressPayload([encodeWriteRequest(samples)]);
    this.storage.append(at, samples.length, payload);
    this.totals = null;
    let totals = this.storage.totals();
    while (totals.bytes > this.maxBytes && totals.rows > 1) {
      // A tenth at a time: few passes when a long outage fills it.
      const count = Math.max(1, Math.floor(totals.rows / 10));
      this.droppedSamples += this.storage.dropOldest(count);
      this.droppedSnapshots += count;
      totals = this.storage.totals();
    }
    this.totals = totals;
  }

  /** The oldest snapshots that fit one request (at most `maxSnapshots`); null when nothing waits. */
  nextBatch(maxSnapshots: number): SpoolBatch | null {
    const rows = this.storage.oldest(Math.max(1, maxSnapshots));
    const chosen: SpooledSnapshot[] = [];
    let samples = 0;
    for (const row of rows) {
      if (chosen.length > 0 && samples + row.samples > MAX_SAMPLES_PER_REQUEST) break;
      chosen.push(row);
      samples += row.samples;
    }
    const first = chosen[0];
    const last = chosen.at(-1);
    if (!first || !last) return null;
    const body =
      chosen.length === 1
        ? first.payload
        : compressPayload(chosen.map((row) => uncompress(row.payload, MAX_SNAPSHOT_BYTES)));
    return { throughId: last.id, snapshots: chosen.length, samples, oldestAt: first.at, body };
  }

  /** The receiver took them, or refused them for good: either way they leave. */
  remove(throughId: number): void {
    this.storage.removeThrough(throughId);
    this.totals = null;
  }

  /** Remote write was turned off: nothing waits to be sent anywhere. */
  clear(): void {
    this.storage.removeThrough(Number.MAX_SAFE_INTEGER);
    this.totals = null;
  }

  /** Continues in another storage (memory, after the history file failed); what waited stays where it was. */
  moveTo(storage: SpoolStorage): void {
    this.storage = storage;
    this.totals = null;
  }

  counts() {
    const totals = (this.totals ??= this.storage.totals());
    return {
      spooled: { snapshots: totals.rows, samples: totals.samples },
      dropped: { snapshots: this.droppedSnapshots, samples: this.droppedSamples },
    };
  }
}

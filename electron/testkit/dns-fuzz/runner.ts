// Runs the DNS fuzzer over worker threads: each worker takes a range of cases
// and publishes the case it is on; a case that does not finish within the hang
// limit is counted as a hang, its worker terminated and the range resumed after
// it. Used by `npm run fuzz:dns` (scripts/fuzz-dns.ts) and by the test suite.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { FuzzFailure, SlowestCase, WorkerMessage } from './fuzz-protocol';
import { fuzzSeeds } from './mutations';

export interface FuzzOptions {
  cases: number;
  /** Which run: the same seed replays the same cases (default 1). */
  seed?: number;
  workers?: number;
  /** A case running longer than this is a hang (default 5 s). */
  hangMs?: number;
  onProgress?: (done: number, total: number) => void;
  /** Tests of the runner only: the case that hangs. */
  hangAt?: number;
}

export interface FuzzReport {
  cases: number;
  seed: number;
  seeds: number;
  crashes: number;
  /** Cases the probe accepted (the rest it rejected, as it should most mutations). */
  accepted: number;
  /** The first failures in full (crashes and broken invariants). */
  failures: FuzzFailure[];
  /** Case numbers that hung. */
  hangs: number[];
  slowest: SlowestCase;
  durationMs: number;
}

const POLL_MS = 100;
const NOT_STARTED = -1;
const START_LIMIT_MS = 60_000;

interface RangeResult {
  crashes: number;
  accepted: number;
  failures: FuzzFailure[];
  hangs: number[];
  slowest: SlowestCase;
}

/** Runs [from, to) in one worker at a time, resuming after a hang. */
async function runRange(
  from: number,
  to: number,
  seed: number,
  hangMs: number,
  hangAt: number | undefined,
  tick: (n: number) => void,
) {
  const result: RangeResult = {
    crashes: 0,
    accepted: 0,
    failures: [],
    hangs: [],
    slowest: { caseIndex: from, ms: 0, label: '' },
  };
  let next = from;
  while (next < to) {
    const progress = new SharedArrayBuffer(4);
    const current = new Int32Array(progress);
    // NOT_STARTED until the worker begins its first case: loading it is not a hang.
    Atomics.store(current, 0, NOT_STARTED);
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: { from: next, to, seed, progress, hangAt },
    });
    const finished = await new Promise<{ done: true; last: number } | { done: false; hungAt: number }>(
      (resolve, reject) => {
        let seen = next;
        const spawned = performance.now();
        let since = spawned;
        const timer = setInterval(() => {
          const at = Atomics.load(current, 0);
          if (at === NOT_STARTED) {
            if (performance.now() - spawned > START_LIMIT_MS) {
              clearInterval(timer);
              void worker.terminate();
              reject(new Error(`a fuzz worker did not start within ${START_LIMIT_MS / 1000} s`));
            }
            since = performance.now();
          } else if (at !== seen) {
            tick(at - seen);
            seen = at;
            since = performance.now();
          } else if (performance.now() - since > hangMs) {
            clearInterval(timer);
            void worker.terminate();
            resolve({ done: false, hungAt: at });
          }
        }, POLL_MS);
        worker.on('message', (message: WorkerMessage) => {
          if (message.kind === 'failure') {
            result.failures.push(message.failure);
            return;
          }
          clearInterval(timer);
          tick(message.to - seen);
          result.crashes += message.failures;
          result.accepted += message.accepted;
          if (message.slowest.ms > result.slowest.ms) result.slowest = message.slowest;
          resolve({ done: true, last: message.to });
        });
        worker.on('error', (error) => {
          clearInterval(timer);
          reject(error);
        });
      },
    );
    if (finished.done) break;
    result.hangs.push(finished.hungAt);
    next = finished.hungAt + 1;
  }
  return result;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const seed = options.seed ?? 1;
  const hangMs = options.hangMs ?? 5000;
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), options.cases || 1));
  const started = performance.now();
  let done = 0;
  const tick = (n: number) => {
    done += n;
    options.onProgress?.(done, options.cases);
  };
  const size = Math.ceil(options.cases / workers);
  const ranges = Array.from(
    { length: workers },
    (_, i) => [i * size, Math.min(options.cases, (i + 1) * size)] as const,
  );
  const results = await Promise.all(
    ranges
      .filter(([from, to]) => from < to)
      .map(([from, to]) => runRange(from, to, seed, hangMs, options.hangAt, tick)),
  );
  const slowest = results.reduce<SlowestCase>((best, r) => (r.slowest.ms > best.ms ? r.slowest : best), {
    caseIndex: 0,
    ms: 0,
    label: '',
  });
  return {
    cases: options.cases,
    seed,
    seeds: fuzzSeeds().length,
    crashes: results.reduce((sum, r) => sum + r.crashes, 0),
    accepted: results.reduce((sum, r) => sum + r.accepted, 0),
    failures: results.flatMap((r) => r.failures),
    hangs: results.flatMap((r) => r.hangs),
    slowest,
    durationMs: Math.round(performance.now() - started),
  };
}

// A fuzz worker: runs cases [from, to) and says which one it is on through
// shared memory, so the runner can tell a hang from slow progress.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { runFuzzCase } from './fuzz-case';
import { caseSeedOf, MAX_REPORTED_FAILURES, type WorkerMessage, type WorkerTask } from './fuzz-protocol';
import { fuzzSeeds, mutatedCase } from './mutations';

const task = workerData as WorkerTask;
const current = new Int32Array(task.progress);
const seeds = fuzzSeeds();
let failures = 0;
let accepted = 0;
let slowest = { caseIndex: task.from, ms: 0, label: '' };

for (let index = task.from; index < task.to; index++) {
  Atomics.store(current, 0, index);
  const { seed, bytes } = mutatedCase(seeds, caseSeedOf(task.seed, index));
  const started = performance.now();
  try {
    if (index === task.hangAt) for (;;) Atomics.load(current, 0);
    if (runFuzzCase(bytes, seed.sent)) accepted += 1;
  } catch (error) {
    failures += 1;
    if (failures <= MAX_REPORTED_FAILURES) {
      const message: WorkerMessage = {
        kind: 'failure',
        failure: {
          caseIndex: index,
          label: seed.label,
          error: String((error as Error).stack ?? error),
          hex: bytes.subarray(0, 256).toString('hex'),
        },
      };
      parentPort?.postMessage(message);
    }
  }
  const ms = performance.now() - started;
  if (ms > slowest.ms) slowest = { caseIndex: index, ms, label: seed.label };
}
const done: WorkerMessage = { kind: 'done', failures, accepted, slowest, to: task.to };
parentPort?.postMessage(done);

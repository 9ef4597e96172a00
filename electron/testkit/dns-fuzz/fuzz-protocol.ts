// What the fuzz runner and its workers tell each other.

export interface WorkerTask {
  from: number;
  to: number;
  seed: number;
  /** One Int32: the case the worker is on. */
  progress: SharedArrayBuffer;
  /** Spin forever on this case: how the runner's hang detection is itself tested. */
  hangAt?: number;
}

export interface FuzzFailure {
  caseIndex: number;
  /** The seed the case mutated. */
  label: string;
  error: string;
  /** The case's first bytes, to replay it. */
  hex: string;
}

export interface SlowestCase {
  caseIndex: number;
  ms: number;
  label: string;
}

export type WorkerMessage =
  | { kind: 'failure'; failure: FuzzFailure }
  | { kind: 'done'; failures: number; accepted: number; slowest: SlowestCase; to: number };

/** Failures a worker describes in full; the rest are only counted. */
export const MAX_REPORTED_FAILURES = 20;

/** Case `index` of run `seed`: its own generator seed, the same every time. */
export function caseSeedOf(seed: number, index: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(index, 0x85ebca6b)) >>> 0;
}

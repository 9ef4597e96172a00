// One way for every probe (TCP, TLS, HTTP, DNS) to end on time: the time
// budget and the caller's AbortSignal become one signal whose reason says which
// fired, and a socket's life is bounded by it with its cleanup run exactly once.

/** Why a probe stopped before it finished. */
export type StopReason = 'timeout' | 'aborted';

/** The code a probe record carries when the caller's AbortSignal ended it. */
export const ABORTED_CODE = 'ABORT_ERR';

export interface Deadline {
  /** Aborts when the budget is spent or the caller aborts; its reason is a StopReason. */
  readonly signal: AbortSignal;
  /** Stops the timer and lets go of the caller's signal: call it once the probe has ended. */
  dispose(): void;
}

/** A deadline `timeoutMs` from now that also ends when `caller` aborts (at once if it already has). */
export function startDeadline(timeoutMs: number, caller?: AbortSignal): Deadline {
  const controller = new AbortController();
  const stop = (reason: StopReason) => () => controller.abort(reason);
  const onCallerAbort = stop('aborted');
  if (caller?.aborted) {
    onCallerAbort();
    return { signal: controller.signal, dispose: () => {} };
  }
  const timer = setTimeout(stop('timeout'), Math.max(0, timeoutMs));
  caller?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** Which of the two ended a deadline's signal. */
export function stopReasonOf(signal: AbortSignal): StopReason {
  return signal.reason === 'timeout' ? 'timeout' : 'aborted';
}

/**
 * Settles once: with what `start` hands to `finish`, or with `onStop(reason)`
 * when `stop` fires first (at once, without calling `start`, if it already
 * has). `start` opens the socket and returns its cleanup, which runs exactly
 * once whichever way it ends.
 */
export function untilStopped<T>(
  stop: AbortSignal,
  onStop: (reason: StopReason) => T,
  start: (finish: (value: T) => void) => () => void,
): Promise<T> {
  if (stop.aborted) return Promise.resolve(onStop(stopReasonOf(stop)));
  return new Promise((resolve) => {
    let settled = false;
    let cleanup: (() => void) | null = null;
    const finish = (value: T): void => {
      if (settled) return;
      settled = true;
      stop.removeEventListener('abort', onAbort);
      cleanup?.();
      resolve(value);
    };
    const onAbort = (): void => finish(onStop(stopReasonOf(stop)));
    stop.addEventListener('abort', onAbort, { once: true });
    const close = start(finish);
    if (settled) close();
    else cleanup = close;
  });
}

/** `work`'s value, or `onStop(reason)` when `stop` fires first; a rejection becomes `onReject`'s value. */
export function settleUntilStopped<T, S>(
  work: () => Promise<T>,
  stop: AbortSignal,
  onStop: (reason: StopReason) => S,
  onReject: () => T,
): Promise<T | S> {
  return untilStopped<T | S>(stop, onStop, (finish) => {
    work().then(finish, () => finish(onReject()));
    return () => {};
  });
}

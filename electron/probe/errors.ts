// One place that turns Node's socket error codes into the outcome words the
// probe records use, so tcp, tls and http agree on what "refused" means.

/** Outcome of a failed connection attempt, shared by the TCP, TLS and HTTP probes. */
export type ConnectFailure = 'refused' | 'timeout' | 'unreachable' | 'reset' | 'error';

const UNREACHABLE_CODES = new Set([
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ENETDOWN',
  'EHOSTDOWN',
  'EAFNOSUPPORT',
  'EPROTONOSUPPORT',
]);

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ETIME', 'ESOCKETTIMEDOUT']);

/** The `code` of a Node error, when it has one. */
export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
  }
  return undefined;
}

/** Maps an errno-style code to a connection failure; unknown codes are 'error'. */
export function connectFailureFromCode(code: string | undefined): ConnectFailure {
  if (code === undefined) return 'error';
  if (code === 'ECONNREFUSED') return 'refused';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (UNREACHABLE_CODES.has(code)) return 'unreachable';
  if (RESET_CODES.has(code)) return 'reset';
  return 'error';
}

/** Elapsed milliseconds since `startedAt` (a performance.now() reading), rounded to 0.1 ms. */
export function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 10) / 10;
}

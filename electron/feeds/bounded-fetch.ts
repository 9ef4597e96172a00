// Downloads a document with hard bounds (whole-request timeout, byte cap)
// and never throws: the status feeds and IP range lists come from servers we
// do not control, and a huge, slow or hanging one must cost us nothing.

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type FetchProblem = 'timeout' | 'too-large' | 'http-status' | 'network' | 'aborted';

/** `status` 304 (after a conditional request) comes back as ok with no bytes. */
export type BoundedFetchResult =
  | { ok: true; status: number; bytes: Uint8Array; headers: Headers }
  | {
      ok: false;
      problem: FetchProblem;
      status: number | null;
      detail: string;
      /** What a 429 or 503 asked for in Retry-After, in ms; null when it did not say. */
      retryAfterMs: number | null;
    };

export interface BoundedFetchOptions {
  fetch?: FetchLike;
  /** Bounds everything: connecting, redirects, headers and the whole body. */
  timeoutMs: number;
  maxBytes: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export const USER_AGENT = 'outage-watch (+status check)';

export async function fetchBounded(url: string, options: BoundedFetchOptions): Promise<BoundedFetchResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onOuterAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const failed = (
    problem: FetchProblem,
    status: number | null,
    detail: string,
    retryAfterMs: number | null = null,
  ): BoundedFetchResult => ({
    ok: false,
    problem: timedOut ? 'timeout' : options.signal?.aborted ? 'aborted' : problem,
    status,
    detail: timedOut ? `no complete answer within ${options.timeoutMs} ms` : detail,
    retryAfterMs,
  });
  let status: number | null = null;
  try {
    if (options.signal?.aborted) return failed('aborted', null, 'aborted before it started');
    const response = await (options.fetch ?? fetch)(url, {
      signal: controller.signal,
      redirect: 'follow',
      headers: { 'user-agent': USER_AGENT, accept: '*/*', ...options.headers },
    });
    status = response.status;
    if (status === 304) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: true, status, bytes: new Uint8Array(0), headers: response.headers };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const retryAfterMs =
        status === 429 || status === 503 ? parseRetryAfter(response.headers.get('retry-after'), Date.now()) : null;
      return failed('http-status', status, `HTTP ${status}`, retryAfterMs);
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > options.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      return failed('too-large', status, `declared ${declared} bytes, the limit is ${options.maxBytes}`);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > options.maxBytes) {
          await reader.cancel().catch(() => undefined);
          return failed('too-large', status, `more than ${options.maxBytes} bytes`);
        }
        chunks.push(value);
      }
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return { ok: true, status, bytes, headers: response.headers };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return failed('network', status, `${error instanceof Error ? error.message : String(error)}${cause}`);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** Retry-After as delay-seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** Text from bytes: UTF-8 by default, UTF-16 when a byte-order mark says so (AWS Health serves UTF-16). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

// One remote-write request with hard bounds: a whole-request deadline (a
// receiver that hangs or drips bytes costs at most that), a few KB of its
// answer read for the message, no redirects followed (Prometheus follows
// none either). It never throws: every ending is an outcome the pusher acts on.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SecureContext } from 'node:tls';
import type { ExportProblemKind } from '../contracts/export-status';

export type SendOutcome =
  | { ok: true; status: number }
  | {
      ok: false;
      kind: Extract<ExportProblemKind, 'unreachable' | 'timeout' | 'http-status' | 'rejected'>;
      /** Worth sending again later; false = the receiver refused these samples for good. */
      retry: boolean;
      status: number | null;
      detail: string;
      /** What Retry-After asked for, in ms; null when it said nothing. */
      retryAfterMs: number | null;
    };

export interface SendOptions {
  body: Uint8Array;
  token: string | null;
  timeoutMs: number;
  userAgent: string;
  secureContext?: SecureContext;
  /** Aborts the request (the export stops): the snapshots stay in the spool. */
  signal?: AbortSignal;
}

/** How much of an error answer we read: enough for Prometheus's one-line reasons. */
const MAX_ANSWER_BYTES = 4096;
const MAX_DETAIL = 200;

/** 4xx answers that a person can fix (credentials, the path); the samples stay in the spool meanwhile. */
const FIXABLE_STATUSES = new Set([401, 403, 404, 407, 408]);

function shorten(text: string): string {
  const flat = [...text]
    .map((char) => (char < ' ' || char === '\u007f' ? ' ' : char))
    .join('')
    .replace(/ +/g, ' ')
    .trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL - 1)}…` : flat;
}

export function retryAfterMs(value: string | string[] | undefined, now: number): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

function outcomeOf(response: IncomingMessage, answer: string): SendOutcome {
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) return { ok: true, status };
  const detail = shorten(`HTTP ${status}${answer ? `: ${answer}` : ''}`);
  const retry = status === 429 || status >= 500 || status < 400 || FIXABLE_STATUSES.has(status);
  return {
    ok: false,
    kind: retry ? 'http-status' : 'rejected',
    retry,
    status,
    detail,
    retryAfterMs: status === 429 || status === 503 ? retryAfterMs(response.headers['retry-after'], Date.now()) : null,
  };
}

export function sendWriteRequest(url: string, options: SendOptions): Promise<SendOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, {
      method: 'POST',
      headers: {
        'content-encoding': 'snappy',
        'content-type': 'application/x-protobuf',
        'content-length': String(options.body.byteLength),
        'user-agent': options.userAgent,
        'x-prometheus-remote-write-version': '0.1.0',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      ...(options.secureContext ? { secureContext: options.secureContext } : {}),
    });
    const deadline = setTimeout(() => {
      finish({
        ok: false,
        kind: 'timeout',
        retry: true,
        status: null,
        detail: `no complete answer within ${options.timeoutMs} ms`,
        retryAfterMs: null,
      });
      request.destroy();
    }, options.timeoutMs);
    const onAbort = () => {
      finish({ ok: false, kind: 'unreachable', retry: true, status: null, detail: 'stopped', retryAfterMs: null });
      request.destroy();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({
        ok: false,
        kind: 'unreachable',
        retry: true,
        status: null,
        detail: shorten(error.code ? `${error.code}: ${error.message}` : error.message),
        retryAfterMs: null,
      }),
    );
    // The deadline also ends a connection still open after the outcome is known (an answer that drips on).
    request.on('close', () => {
      clearTimeout(deadline);
      options.signal?.removeEventListener('abort', onAbort);
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        finish({ ok: true, status });
        response.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < MAX_ANSWER_BYTES) chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - size));
        size += chunk.byteLength;
        // The rest of a long answer is not worth waiting for.
        if (size >= MAX_ANSWER_BYTES) {
          finish(outcomeOf(response, Buffer.concat(chunks).toString('utf8')));
          request.destroy();
        }
      });
      response.on('end', () => finish(outcomeOf(response, Buffer.concat(chunks).toString('utf8'))));
      response.on('error', () => finish(outcomeOf(response, Buffer.concat(chunks).toString('utf8'))));
    });
    request.end(options.body);
  });
}

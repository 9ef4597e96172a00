// HTTP probe: one request (plus bounded redirects) to an address we already
// resolved, so the answer is tied to the DNS evidence and the OS resolver is
// not asked again. Everything is bounded: total time, body bytes, redirects.
// This file follows the redirect chain and makes the record; one request is
// http-request.ts, the headers kept are http-headers.ts.
import { isIP, type Socket } from 'node:net';
import type { HttpOutcome, HttpResult } from '../contracts/probe-results';
import { ABORTED_CODE, settleUntilStopped, startDeadline, stopReasonOf } from './deadline';
import { connectFailureFromCode, elapsedMs } from './errors';
import { pickProviderHeaders } from './http-headers';
import { REDIRECT_STATUSES, hostnameOf, requestOnce, type HopResult, type HopVia } from './http-request';
import type { HttpProxyRoute } from './proxy-settings';
import { NOT_AN_ADDRESS_CODE } from './tcp';
import { tlsOutcomeFromCode } from './tls';

export { PROVIDER_HEADER_NAMES, PROVIDER_HEADER_PREFIXES, pickProviderHeaders } from './http-headers';

export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;
/** The code recorded when a URL cannot be requested (not http(s), unparseable). */
export const BAD_URL_CODE = 'ERR_INVALID_URL';

export interface HttpProbeOptions {
  url: string;
  /** IP literal the URL's host resolved to. */
  address: string;
  /** Bounds the whole probe: connection, redirects, headers and body. */
  timeoutMs: number;
  /** Extra PEM roots trusted in addition to the default store. */
  ca?: string[];
  maxRedirects?: number;
  maxBodyBytes?: number;
  /** Resolves a redirect's new host name to one address; null when it cannot. */
  resolve?: (hostname: string) => Promise<string | null>;
  method?: 'GET' | 'HEAD';
  signal?: AbortSignal;
  /**
   * The connection the TCP (and TLS) probes opened to `address`, for the first
   * request: one handshake per target and round, not two. The probe owns it.
   */
  socket?: Socket;
  /** Go through this proxy (its address already resolved: `address` is then the proxy's), as the apps do. */
  proxy?: HttpProxyRoute;
}

/** The redirect host's address, null when it has none, undefined when `stop` fires first. */
async function resolveWithin(
  resolver: (hostname: string) => Promise<string | null>,
  hostname: string,
  stop: AbortSignal,
): Promise<string | null | undefined> {
  const address = await settleUntilStopped(
    () => resolver(hostname),
    stop,
    () => undefined,
    () => null,
  );
  return typeof address === 'string' && isIP(address) === 0 ? null : address;
}

function outcomeOfError(code: string | undefined): HttpOutcome {
  if (code === undefined) return 'error';
  if (code.startsWith('HPE_') || code === 'ERR_INVALID_HTTP_RESPONSE') return 'bad-response';
  const tlsOutcome = tlsOutcomeFromCode(code);
  if (
    tlsOutcome === 'expired' ||
    tlsOutcome === 'not-yet-valid' ||
    tlsOutcome === 'wrong-host' ||
    tlsOutcome === 'untrusted' ||
    tlsOutcome === 'handshake-failed'
  ) {
    return 'tls';
  }
  const failure = connectFailureFromCode(code);
  return failure === 'unreachable' ? 'error' : failure;
}

export async function probeHttp(options: HttpProbeOptions): Promise<HttpResult> {
  const { url, timeoutMs, ca, signal } = options;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const startedAt = performance.now();
  const redirects: string[] = [];
  let current: URL | null = null;
  let address = options.address;

  const result = (outcome: HttpOutcome, hop: HopResult | null, errorCode?: string): HttpResult => ({
    kind: 'http',
    url,
    finalUrl: current?.href ?? url,
    address,
    outcome,
    status: hop?.status ?? null,
    latencyMs: hop?.headersAt != null ? Math.round((hop.headersAt - startedAt) * 10) / 10 : elapsedMs(startedAt),
    redirects,
    headers: hop ? pickProviderHeaders(hop.headers) : {},
    bodySnippet: hop ? hop.body.toString('utf8') : '',
    bytesRead: hop?.bytesRead ?? 0,
    ...(errorCode === undefined ? {} : { errorCode }),
  });

  // A request that cannot be made still lets go of the connection it was given.
  const refused = (code: string): HttpResult => {
    options.socket?.destroy();
    return result('error', null, code);
  };
  try {
    current = new URL(url);
  } catch {
    return refused(BAD_URL_CODE);
  }
  if (current.protocol !== 'http:' && current.protocol !== 'https:') return refused(BAD_URL_CODE);
  if (isIP(address) === 0) return refused(NOT_AN_ADDRESS_CODE);

  let socket = options.socket ?? null;
  if (signal?.aborted) {
    socket?.destroy();
    return result('error', null, ABORTED_CODE);
  }
  const deadline = startDeadline(timeoutMs, signal);

  try {
    let method = options.method ?? 'GET';
    for (;;) {
      const via: HopVia = { proxy: options.proxy ?? null, address, timeoutMs };
      const hop = await requestOnce(current, via, method, ca, maxBodyBytes, deadline.signal, socket);
      // Only the first request goes over the probes' connection; redirects connect anew.
      socket?.destroy();
      socket = null;
      const interruption = hop.interruption;
      if (interruption) {
        if (interruption.reason === 'timeout') return result('timeout', hop);
        if (interruption.reason === 'aborted') return result('error', hop, ABORTED_CODE);
        return result(outcomeOfError(interruption.code), hop, interruption.code);
      }
      const location = hop.headers.location;
      if (hop.status === null || !REDIRECT_STATUSES.has(hop.status) || !location) return result('response', hop);

      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        return result('response', hop);
      }
      redirects.push(next.href);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') return result('response', hop);
      if (redirects.length > maxRedirects) return result('too-many-redirects', hop);

      const nextHost = hostnameOf(next);
      let nextAddress: string | null | undefined = address;
      // Through a proxy every hop goes to the proxy, which resolves the names itself.
      if (options.proxy) nextAddress = address;
      else if (isIP(nextHost) !== 0) nextAddress = nextHost;
      else if (nextHost.toLowerCase() !== hostnameOf(current).toLowerCase()) {
        nextAddress = options.resolve ? await resolveWithin(options.resolve, nextHost, deadline.signal) : null;
      }
      if (nextAddress === undefined) {
        return stopReasonOf(deadline.signal) === 'timeout'
          ? result('timeout', hop)
          : result('error', hop, ABORTED_CODE);
      }
      // A host we cannot resolve ends the chain: the redirect itself is the answer.
      if (nextAddress === null) return result('response', hop);

      if (hop.status === 303) method = 'GET';
      current = next;
      address = nextAddress;
    }
  } finally {
    socket?.destroy();
    deadline.dispose();
  }
}

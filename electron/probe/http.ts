// HTTP probe: one request (plus bounded redirects) to an address we already
// resolved, so the answer is tied to the DNS evidence and the OS resolver is
// not asked again. Everything is bounded: total time, body bytes, redirects.
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type Socket } from 'node:net';
import * as tls from 'node:tls';
import { ATTRIBUTION_HEADER_NAMES } from '../catalog/index';
import type { HttpOutcome, HttpResult } from '../contracts/probe-results';
import { ABORTED_CODE, settleUntilStopped, startDeadline, stopReasonOf, untilStopped } from './deadline';
import { connectFailureFromCode, elapsedMs, errorCodeOf } from './errors';
import { connectToProxy, openProxyTunnel, tunnelError } from './proxy';
import type { HttpProxyRoute } from './proxy-settings';
import { NOT_AN_ADDRESS_CODE } from './tcp';
import { tlsOutcomeFromCode } from './tls';
import { trustedSecureContext } from './trust';

/** Response headers kept in the record: they identify a provider or explain an error. */
export const PROVIDER_HEADER_NAMES = [
  'server',
  'via',
  'x-served-by',
  'x-cache',
  'x-cache-hits',
  'x-amz-cf-id',
  'x-amz-cf-pop',
  'x-amzn-requestid',
  'x-amzn-trace-id',
  'x-amzn-errortype',
  'x-amz-request-id',
  'x-amz-id-2',
  'cf-ray',
  'cf-cache-status',
  'x-azure-ref',
  'x-msedge-ref',
  'x-ms-request-id',
  'x-fastly-request-id',
  'x-timer',
  'x-akamai-transformed',
  'akamai-grn',
  'x-cloud-trace-context',
  'location',
  'content-type',
  'retry-after',
  // A proxy's own answers (RFC 9209, Squid) tell its errors from the site's.
  'proxy-status',
  'proxy-authenticate',
  'x-squid-error',
] as const;

/** Any header starting with one of these is kept too (x-goog-generation, x-goog-hash, ...). */
export const PROVIDER_HEADER_PREFIXES = ['x-goog-'] as const;

/** The catalog's provider signatures read headers too: those are always kept. */
const KEPT_HEADERS = new Set<string>([...PROVIDER_HEADER_NAMES, ...ATTRIBUTION_HEADER_NAMES]);
const MAX_HEADER_VALUE_CHARS = 512;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

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

/** How a hop reaches the site: straight to its address, or through the proxy at this address. */
type HopVia = { proxy: HttpProxyRoute | null; address: string; timeoutMs: number };

/** Keeps only the provider/error headers, lower-cased, repeated values joined. */
export function pickProviderHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined) continue;
    if (!KEPT_HEADERS.has(lower) && !PROVIDER_HEADER_PREFIXES.some((prefix) => lower.startsWith(prefix))) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    kept[lower] = text.length > MAX_HEADER_VALUE_CHARS ? text.slice(0, MAX_HEADER_VALUE_CHARS) : text;
  }
  return kept;
}

/** Why a request ended without a complete answer. */
type Interruption = { reason: 'timeout' } | { reason: 'aborted' } | { reason: 'error'; code: string | undefined };

interface HopResult {
  status: number | null;
  headers: http.IncomingHttpHeaders;
  /** performance.now() when the response headers arrived. */
  headersAt: number | null;
  body: Buffer;
  bytesRead: number;
  interruption: Interruption | null;
}

function hostnameOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

function defaultPort(url: URL): number {
  return url.protocol === 'https:' ? 443 : 80;
}

/** An agent whose one connection is `socket`. */
function handingOver(socket: Socket): http.Agent {
  const agent = new http.Agent({ keepAlive: false });
  agent.createConnection = () => socket;
  return agent;
}

/** The connection a hop through a proxy runs on: a CONNECT tunnel with TLS inside for https, the proxy itself for http. */
function proxiedConnection(
  target: URL,
  via: { proxy: HttpProxyRoute; address: string },
  ca: string[] | undefined,
  stop: AbortSignal,
  timeoutMs: number,
): NonNullable<http.RequestOptions['createConnection']> {
  const hostname = hostnameOf(target);
  // The hop's deadline (stop) ends the tunnel; timeoutMs bounds it the same way.
  const common = {
    route: via.proxy,
    timeoutMs,
    signal: stop,
    ca,
    resolve: async () => via.address,
  };
  return (_options, created) => {
    if (target.protocol !== 'https:') {
      void connectToProxy(common, stop).then((connection) =>
        connection.socket
          ? created(null, connection.socket)
          : created(
              Object.assign(new Error('proxy connection failed'), {
                code: connection.failure?.errorCode ?? 'ECONNREFUSED',
              }),
              connection.socket as never,
            ),
      );
      return undefined;
    }
    const port = target.port ? Number(target.port) : defaultPort(target);
    void openProxyTunnel({ ...common, host: hostname, port }).then((tunnel) => {
      if (!tunnel.socket) {
        created(tunnelError(tunnel.proxy), tunnel.socket as never);
        return;
      }
      created(
        null,
        tls.connect({
          socket: tunnel.socket,
          ...(isIP(hostname) === 0 ? { servername: hostname } : {}),
          secureContext: trustedSecureContext(ca),
          rejectUnauthorized: true,
          checkServerIdentity: (_host, cert) => tls.checkServerIdentity(hostname, cert),
        }),
      );
    });
    return undefined;
  };
}

function requestOnce(
  target: URL,
  via: HopVia,
  method: string,
  ca: string[] | undefined,
  maxBodyBytes: number,
  stop: AbortSignal,
  socket: Socket | null,
): Promise<HopResult> {
  const hostname = hostnameOf(target);
  const chunks: Buffer[] = [];
  let kept = 0;
  const hop: HopResult = {
    status: null,
    headers: {},
    headersAt: null,
    body: Buffer.alloc(0),
    bytesRead: 0,
    interruption: null,
  };
  const ended = (interruption: Interruption | null): HopResult => ({
    ...hop,
    body: Buffer.concat(chunks, kept),
    interruption,
  });

  return untilStopped(
    stop,
    (reason) => ended({ reason }),
    (finish) => {
      const headers = {
        host: target.host,
        'user-agent': 'outage-watch',
        accept: '*/*',
        connection: 'close',
      };
      if (via.proxy) {
        // Through the proxy: plain http asks it for the absolute URL; https talks to the site inside a CONNECT tunnel.
        const request = http.request({
          method,
          path: target.protocol === 'https:' ? `${target.pathname}${target.search}` : target.href,
          headers: {
            ...headers,
            ...(target.protocol !== 'https:' && via.proxy.authorization
              ? { 'proxy-authorization': via.proxy.authorization }
              : {}),
          },
          createConnection: proxiedConnection(
            target,
            { proxy: via.proxy, address: via.address },
            ca,
            stop,
            via.timeoutMs,
          ),
        });
        return handleResponse(request, finish);
      }
      const common: http.RequestOptions = {
        host: via.address,
        port: target.port ? Number(target.port) : defaultPort(target),
        path: `${target.pathname}${target.search}`,
        method,
        agent: false,
        headers,
      };
      // https.request hands these to tls.connect, secureContext included (its typings omit it).
      const secure: https.RequestOptions & Pick<tls.ConnectionOptions, 'secureContext'> = {
        ...common,
        ...(isIP(hostname) === 0 ? { servername: hostname } : {}),
        secureContext: trustedSecureContext(ca),
        rejectUnauthorized: true,
        checkServerIdentity: (_host, cert) => tls.checkServerIdentity(hostname, cert),
      };
      // Over the probes' own connection (already through TLS when it is https), else a new one.
      // An agent of its own hands that connection over: `agent: false` would ignore createConnection.
      const request = socket
        ? http.request({ ...common, agent: handingOver(socket) })
        : target.protocol === 'https:'
          ? https.request(secure)
          : http.request(common);
      return handleResponse(request, finish);
    },
  );

  function handleResponse(request: http.ClientRequest, finish: (value: HopResult) => void): () => void {
    // 'on', not 'once': destroying a request before its response emits one more error.
    request.on('error', (error) => finish(ended({ reason: 'error', code: errorCodeOf(error) })));
    request.once('response', (response) => {
      hop.status = response.statusCode ?? null;
      hop.headers = response.headers;
      hop.headersAt = performance.now();
      if (hop.status !== null && REDIRECT_STATUSES.has(hop.status) && response.headers.location) {
        finish(ended(null));
        return;
      }
      response.on('data', (chunk: Buffer) => {
        hop.bytesRead += chunk.length;
        const room = maxBodyBytes - kept;
        if (room > 0) {
          const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
          chunks.push(part);
          kept += part.length;
        }
        if (hop.bytesRead >= maxBodyBytes) finish(ended(null));
      });
      response.once('end', () => finish(ended(null)));
      // A peer that closes mid-body shows here as ECONNRESET: the body we have is incomplete.
      response.on('error', (error) => finish(ended({ reason: 'error', code: errorCodeOf(error) })));
    });
    request.end();
    return () => request.destroy();
  }
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

// One HTTP request of the probe (a hop of its redirect chain): over the
// connection the TCP and TLS probes opened, a new one, or a proxy, with the
// body read up to its bound. It stops at a redirect; probeHttp follows it.
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type Socket } from 'node:net';
import * as tls from 'node:tls';
import { untilStopped } from './deadline';
import { errorCodeOf } from './errors';
import { connectToProxy, openProxyTunnel, tunnelError } from './proxy';
import type { HttpProxyRoute } from './proxy-settings';
import { trustedSecureContext } from './trust';

export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** How a hop reaches the site: straight to its address, or through the proxy at this address. */
export type HopVia = { proxy: HttpProxyRoute | null; address: string; timeoutMs: number };

/** Why a request ended without a complete answer. */
export type Interruption =
  { reason: 'timeout' } | { reason: 'aborted' } | { reason: 'error'; code: string | undefined };

export interface HopResult {
  status: number | null;
  headers: http.IncomingHttpHeaders;
  /** performance.now() when the response headers arrived. */
  headersAt: number | null;
  body: Buffer;
  bytesRead: number;
  interruption: Interruption | null;
}

export function hostnameOf(url: URL): string {
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

export function requestOnce(
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

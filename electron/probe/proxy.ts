// Through the person's HTTP proxy, as their apps go: a TCP (or TLS)
// connection to the proxy, then `CONNECT host:port` for an https site. The
// proxy's answer is kept apart from the site's: a proxy that refuses, hangs,
// wants a password (407) or cannot reach the site (502) says so in its own
// record. Bounded like every probe: one deadline, the reply header capped.
import { Socket, isIP } from 'node:net';
import * as tls from 'node:tls';
import type { Duplex } from 'node:stream';
import type { ProxyOutcome, ProxyResult, TcpResult } from '../contracts/probe-results';
import { ABORTED_CODE, startDeadline, untilStopped, type StopReason } from './deadline';
import { connectFailureFromCode, elapsedMs, errorCodeOf } from './errors';
import type { HttpProxyRoute } from './proxy-settings';
import { trustedSecureContext } from './trust';

/** A proxy's reply header is a few hundred bytes; more without an end is not a proxy talking. */
export const MAX_PROXY_REPLY_BYTES = 16 * 1024;
/** The code recorded when the proxy's name resolved nowhere. */
export const PROXY_NOT_FOUND_CODE = 'ENOTFOUND';

export interface ProxyConnectOptions {
  route: HttpProxyRoute;
  timeoutMs: number;
  signal?: AbortSignal;
  ca?: string[];
  /** The proxy's address when it is named (the system resolver, as the apps ask it). */
  resolve: (hostname: string) => Promise<string | null>;
}

export interface ProxyConnection {
  /** The connection to the proxy; null when its name did not resolve. */
  tcp: TcpResult | null;
  /** Open when the proxy accepted the connection (the caller destroys it). */
  socket: Duplex | null;
  address: string | null;
  /** Why there is no socket, when there is none (for the proxy's record). */
  failure: { outcome: ProxyOutcome; errorCode?: string } | null;
}

export interface ProxyTunnel {
  tcp: TcpResult | null;
  proxy: ProxyResult;
  /** The tunnel to the site, open after a 2xx to CONNECT (the caller destroys it). */
  socket: Duplex | null;
}

/** What a status from a proxy means. 2xx: it did what was asked. */
export function proxyOutcomeOfStatus(status: number): ProxyOutcome {
  if (status >= 200 && status < 300) return 'connected';
  if (status === 407) return 'auth-required';
  if (status === 403) return 'denied';
  if (status === 502 || status === 503 || status === 504) return 'upstream-failed';
  return 'bad-response';
}

function failureOfStop(reason: StopReason): { outcome: ProxyOutcome; errorCode?: string } {
  return reason === 'timeout' ? { outcome: 'timeout' } : { outcome: 'error', errorCode: ABORTED_CODE };
}

/** Opens a connection to the proxy (TLS to it for an https:// proxy) within `stop`. */
async function connectWithin(
  route: HttpProxyRoute,
  address: string,
  ca: string[] | undefined,
  stop: AbortSignal,
): Promise<{ tcp: TcpResult; socket: Duplex | null; failure: ProxyConnection['failure'] }> {
  const startedAt = performance.now();
  const tcpRecord = (outcome: TcpResult['outcome'], errorCode?: string): TcpResult => ({
    kind: 'tcp',
    host: route.host,
    address,
    port: route.port,
    outcome,
    latencyMs: elapsedMs(startedAt),
    ...(errorCode === undefined ? {} : { errorCode }),
  });
  let tcp: TcpResult | null = null;
  let handedOver = false;
  const result = await untilStopped<{ socket: Duplex | null; failure: ProxyConnection['failure'] }>(
    stop,
    (reason) => {
      tcp ??= tcpRecord(reason === 'timeout' ? 'timeout' : 'error', reason === 'timeout' ? undefined : ABORTED_CODE);
      return { socket: null, failure: failureOfStop(reason) };
    },
    (finish) => {
      const raw = new Socket();
      let secure: tls.TLSSocket | null = null;
      raw.once('connect', () => {
        tcp = tcpRecord('connected');
        if (!route.tls) {
          handedOver = true;
          finish({ socket: raw, failure: null });
          return;
        }
        secure = tls.connect({
          socket: raw,
          ...(isIP(route.host) === 0 ? { servername: route.host } : {}),
          secureContext: trustedSecureContext(ca),
          rejectUnauthorized: true,
          checkServerIdentity: (_host, cert) => tls.checkServerIdentity(route.host, cert),
        });
        secure.once('secureConnect', () => {
          handedOver = true;
          finish({ socket: secure, failure: null });
        });
        secure.on('error', (error) =>
          finish({ socket: null, failure: { outcome: 'error', errorCode: errorCodeOf(error) ?? 'ERR_TLS' } }),
        );
      });
      raw.on('error', (error) => {
        const code = errorCodeOf(error);
        if (!tcp) tcp = tcpRecord(connectFailureFromCode(code), code);
        const failure = connectFailureFromCode(code);
        finish({
          socket: null,
          failure: { outcome: failure === 'unreachable' ? 'error' : failure, ...(code ? { errorCode: code } : {}) },
        });
      });
      raw.connect({ host: address, port: route.port });
      return () => {
        if (handedOver) return;
        secure?.destroy();
        raw.destroy();
      };
    },
  );
  return { tcp: tcp ?? tcpRecord('error', ABORTED_CODE), ...result };
}

/** A connection to the proxy, its name resolved first when it has one. */
export async function connectToProxy(options: ProxyConnectOptions, stop: AbortSignal): Promise<ProxyConnection> {
  const { route } = options;
  const address = isIP(route.host) !== 0 ? route.host : await options.resolve(route.host).catch(() => null);
  if (stop.aborted)
    return {
      tcp: null,
      socket: null,
      address,
      failure: failureOfStop(stop.reason === 'timeout' ? 'timeout' : 'aborted'),
    };
  if (!address)
    return { tcp: null, socket: null, address: null, failure: { outcome: 'error', errorCode: PROXY_NOT_FOUND_CODE } };
  const connected = await connectWithin(route, address, options.ca, stop);
  return { ...connected, address };
}

/** Reads the proxy's reply header: its status, or why there is none. Leftover bytes go back to the socket. */
function readReplyHeader(
  socket: Duplex,
  stop: AbortSignal,
): Promise<{ status: number | null; failure: ProxyConnection['failure'] }> {
  return untilStopped<{ status: number | null; failure: ProxyConnection['failure'] }>(
    stop,
    (reason) => ({ status: null, failure: failureOfStop(reason) }),
    (finish) => {
      let received = Buffer.alloc(0);
      const onData = (chunk: Buffer): void => {
        received = Buffer.concat([received, chunk]);
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) {
          if (received.length > MAX_PROXY_REPLY_BYTES) finish({ status: null, failure: { outcome: 'bad-response' } });
          return;
        }
        socket.off('data', onData);
        // Whoever takes the tunnel reads on from here: nothing may flow past meanwhile.
        socket.pause();
        const rest = received.subarray(end + 4);
        if (rest.length > 0) socket.unshift(rest);
        const status = /^HTTP\/1\.[01] (\d{3})(?: |\r)/.exec(received.subarray(0, end + 2).toString('latin1'));
        finish(
          status
            ? { status: Number(status[1]), failure: null }
            : { status: null, failure: { outcome: 'bad-response' } },
        );
      };
      socket.on('data', onData);
      socket.once('end', () =>
        finish({ status: null, failure: { outcome: received.length > 0 ? 'bad-response' : 'reset' } }),
      );
      socket.on('error', (error) => {
        const code = errorCodeOf(error);
        const failure = connectFailureFromCode(code);
        finish({
          status: null,
          failure: { outcome: failure === 'unreachable' ? 'error' : failure, ...(code ? { errorCode: code } : {}) },
        });
      });
      return () => socket.off('data', onData);
    },
  );
}

/** `CONNECT host:port` through the proxy: the tunnel the apps' TLS runs in. */
export async function openProxyTunnel(
  options: ProxyConnectOptions & { host: string; port: number },
): Promise<ProxyTunnel> {
  const { route, host, port } = options;
  const target = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  const startedAt = performance.now();
  const deadline = startDeadline(options.timeoutMs, options.signal);
  const record = (
    connection: Pick<ProxyConnection, 'address'>,
    outcome: ProxyOutcome,
    status: number | null,
    errorCode?: string,
  ): ProxyResult => ({
    kind: 'proxy',
    proxy: route.display,
    source: route.source,
    address: connection.address,
    port: route.port,
    request: `CONNECT ${target}`,
    outcome,
    status,
    latencyMs: elapsedMs(startedAt),
    ...(errorCode === undefined ? {} : { errorCode }),
  });
  try {
    const connection = await connectToProxy(options, deadline.signal);
    const { socket } = connection;
    if (!socket) {
      const failure = connection.failure ?? { outcome: 'error' as const };
      return { tcp: connection.tcp, socket: null, proxy: record(connection, failure.outcome, null, failure.errorCode) };
    }
    socket.write(
      [
        `CONNECT ${target} HTTP/1.1`,
        `Host: ${target}`,
        'User-Agent: outage-watch',
        ...(route.authorization ? [`Proxy-Authorization: ${route.authorization}`] : []),
        '',
        '',
      ].join('\r\n'),
    );
    const reply = await readReplyHeader(socket, deadline.signal);
    const outcome = reply.failure?.outcome ?? proxyOutcomeOfStatus(reply.status ?? 0);
    const proxy = record(connection, outcome, reply.status, reply.failure?.errorCode);
    if (outcome !== 'connected') {
      socket.destroy();
      return { tcp: connection.tcp, socket: null, proxy };
    }
    return { tcp: connection.tcp, socket, proxy };
  } finally {
    deadline.dispose();
  }
}

/** The error an HTTP hop through a failed tunnel ends with: its code names the proxy's outcome. */
export function tunnelError(proxy: ProxyResult): Error & { code: string } {
  const code = proxy.errorCode ?? `ERR_PROXY_${proxy.outcome.toUpperCase().replace(/-/g, '_')}`;
  return Object.assign(new Error(`${proxy.request} through ${proxy.proxy}: ${proxy.outcome}`), { code });
}

// The connection half of a target's probe: TCP, TLS and HTTP, either straight
// to the addresses DNS gave (both IP families when both are offered and
// routed, as Happy Eyeballs clients try them) or through the proxy the
// person's apps use (CONNECT for https, the absolute URL for http).
import { isIP, type Socket } from 'node:net';
import type { HttpResult, ProxyResult, RouteInfo, TcpResult, TlsResult } from '../contracts/probe-results';
import { probeHttp } from './http';
import { openProxyTunnel, proxyOutcomeOfStatus } from './proxy';
import type { HttpProxyRoute, ProxyRoute } from './proxy-settings';
import type { RouteOf } from './route-lookup';
import { probeTcpOpen } from './tcp';
import { probeTls, probeTlsOpen } from './tls';
import type { TlsSessions } from './tls-sessions';

export interface ConnectionContext {
  timeoutMs: number;
  ca?: string[];
  signal?: AbortSignal;
  routeOf?: RouteOf;
  /** A name's address at the resolvers, system first (a redirect's host, the proxy's name). */
  resolve: (hostname: string) => Promise<string | null>;
  /** TLS sessions to resume (the Monitor's, kept between rounds); none for a single check. */
  sessions?: TlsSessions;
}

export interface ConnectionTarget {
  url: string;
  hostname: string;
  port: number;
  https: boolean;
}

export interface ConnectionProbes {
  tcp: TcpResult[];
  tls: TlsResult | null;
  http: HttpResult | null;
  /** The address the connection that went on to TLS and HTTP used (the proxy's when through one). */
  address: string | null;
  route: RouteInfo | null;
  proxy: ProxyResult | null;
}

/** The first address of each family, IPv4 first. */
export function familyCandidates(addresses: readonly string[]): string[] {
  return [addresses.find((a) => isIP(a) === 4), addresses.find((a) => isIP(a) === 6)].filter(
    (a): a is string => a !== undefined,
  );
}

async function routesOf(addresses: string[], routeOf: RouteOf | undefined): Promise<(RouteInfo | null)[]> {
  return routeOf ? Promise.all(addresses.map((address) => routeOf(address))) : addresses.map(() => null);
}

/**
 * Straight to the site. A family the OS has no route for is not tried (an
 * IPv6-only network has no IPv4 to try); when neither has one the first is,
 * so the failure shows. The connection that goes on is IPv4 when it
 * connects, else IPv6: stable, so latencies compare from look to look.
 */
export async function probeDirect(
  target: ConnectionTarget,
  addresses: readonly string[],
  context: ConnectionContext,
  depth: 'full' | 'connect',
  unusableSetting: Extract<ProxyRoute, { kind: 'unusable' }> | null,
): Promise<ConnectionProbes> {
  const { timeoutMs, signal, ca } = context;
  const candidates = familyCandidates(addresses);
  const routes = await routesOf(candidates, context.routeOf);
  const routed = candidates.filter((_, index) => routes[index]?.interface !== null);
  const tried = routed.length > 0 ? routed : candidates.slice(0, 1);
  const proxy: ProxyResult | null = unusableSetting
    ? {
        kind: 'proxy',
        proxy: unusableSetting.setting,
        source: unusableSetting.source,
        address: null,
        port: 0,
        request: '',
        outcome: unusableSetting.outcome,
        status: null,
        latencyMs: 0,
      }
    : null;
  const none: ConnectionProbes = { tcp: [], tls: null, http: null, address: null, route: null, proxy };
  if (tried.length === 0 || signal?.aborted) return none;

  // One connection through the layers: TCP, then TLS over it, then the request over that.
  const full = depth === 'full';
  const attempts = tried.map((address) =>
    probeTcpOpen({ host: target.hostname, address, port: target.port, timeoutMs, signal }, full),
  );
  let main: TcpResult | null = null;
  let socket: Socket | null = null;
  for (const attempt of attempts) {
    const opened = await attempt;
    if (opened.result.outcome === 'connected') {
      main = opened.result;
      socket = opened.socket;
      break;
    }
  }
  const mainAddress = main?.address ?? tried[0] ?? null;
  let tls: TlsResult | null = null;
  let http: HttpResult | null = null;
  if (main && full) {
    const address = main.address;
    let carried: Socket | null = socket;
    if (target.https) {
      const handshake = await probeTlsOpen(
        {
          servername: target.hostname,
          address,
          port: target.port,
          timeoutMs,
          ca,
          signal,
          ...(carried ? { socket: carried } : {}),
          ...(context.sessions ? { sessions: context.sessions } : {}),
        },
        true,
      );
      tls = handshake.result;
      carried = handshake.socket;
    }
    if (!target.https || tls?.outcome === 'ok') {
      const reused = carried !== null;
      http = await probeHttp({
        url: target.url,
        address,
        timeoutMs,
        ca,
        signal,
        resolve: context.resolve,
        ...(carried ? { socket: carried } : {}),
      });
      carried = null;
      // The HTTP latency is what a person waits for a response on a new connection:
      // over the probes' own connection, its set-up counts too (so a slow path still reads as slow).
      if (reused) http = { ...http, latencyMs: http.latencyMs + main.latencyMs + (tls?.latencyMs ?? 0) };
    }
    carried?.destroy();
    socket = null;
  }
  socket?.destroy();
  // The other family's connection, when it opened, is not used.
  const opened = await Promise.all(attempts);
  for (const attempt of opened) if (attempt.result !== main) attempt.socket?.destroy();
  const tcp = opened.map((attempt) => attempt.result);
  const route = routes[candidates.indexOf(mainAddress ?? '')] ?? null;
  return { tcp, tls, http, address: mainAddress, route, proxy };
}

/** A plain-http answer is the proxy's own when it says so (RFC 9209 Proxy-Status, Squid's error header) or asks for a password. */
function proxyAnswered(http: HttpResult): boolean {
  return http.status === 407 || 'proxy-status' in http.headers || 'x-squid-error' in http.headers;
}

/** Through the proxy, as the apps go: its record says how the proxy answered, the others how the site did. */
export async function probeThroughProxy(
  target: ConnectionTarget,
  route: HttpProxyRoute,
  context: ConnectionContext,
  depth: 'full' | 'connect',
): Promise<ConnectionProbes> {
  const { timeoutMs, signal, ca } = context;
  const tunnel = await openProxyTunnel({
    route,
    host: target.hostname,
    port: target.port,
    timeoutMs,
    ...(signal ? { signal } : {}),
    ...(ca ? { ca } : {}),
    resolve: context.resolve,
  });
  const address = tunnel.proxy.address;
  const routeInfo = address && context.routeOf ? await context.routeOf(address) : null;
  const tcp = tunnel.tcp ? [tunnel.tcp] : [];
  let tls: TlsResult | null = null;
  let http: HttpResult | null = null;
  let proxy = tunnel.proxy;
  try {
    if (!tunnel.socket || !address || depth !== 'full') return { tcp, tls, http, address, route: routeInfo, proxy };
    if (target.https) {
      tls = await probeTls({
        servername: target.hostname,
        address,
        port: route.port,
        timeoutMs,
        ca,
        signal,
        socket: tunnel.socket,
      });
    }
    if (!target.https || tls?.outcome === 'ok') {
      http = await probeHttp({ url: target.url, address, timeoutMs, ca, signal, proxy: route });
      // Plain http has no CONNECT: the proxy's answer is the response, when the proxy wrote it.
      if (!target.https && http.outcome === 'response' && http.status !== null && proxyAnswered(http)) {
        proxy = {
          ...proxy,
          request: `GET ${target.url}`,
          outcome: proxyOutcomeOfStatus(http.status),
          status: http.status,
        };
      }
    }
    return { tcp, tls, http, address, route: routeInfo, proxy };
  } finally {
    tunnel.socket?.destroy();
  }
}

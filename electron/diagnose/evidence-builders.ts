// Builders of literal RoundEvidence records for tests and fixtures: a healthy
// round by default, each part overridable in one line. Data only: the
// addresses (198.18.0.0/15, loopback) are never contacted.
import type {
  CaptivePortalProbe,
  DnsExtendedError,
  DnsOutcome,
  DnsResult,
  GatewayProbe,
  HttpOutcome,
  HttpResult,
  InterfaceInfo,
  IpFamilies,
  ProxyOutcome,
  ProxyResult,
  ResolverRef,
  RoundEvidence,
  TargetProbe,
  TcpOutcome,
  TcpResult,
  TlsOutcome,
  TlsResult,
  VpnInfo,
} from '../contracts/probe-results';
import { isNullRouteAddress } from '../contracts/sinkhole-addresses';

export const FIXED_AT = '2026-11-22T10:00:00.000Z';
export const DEFAULT_TIMEOUT_MS = 3000;

export function resolverRef(name: string, address: string, role: ResolverRef['role'], port = 53): ResolverRef {
  return { name, address, port, role };
}

export const SYSTEM_RESOLVER = resolverRef('127.0.0.53', '127.0.0.53', 'system');
export const PUBLIC_RESOLVERS: readonly ResolverRef[] = [
  resolverRef('Cloudflare', '198.18.1.1', 'public'),
  resolverRef('Google', '198.18.8.8', 'public'),
  resolverRef('Quad9', '198.18.9.9', 'public'),
];
export const DEFAULT_RESOLVERS: readonly ResolverRef[] = [SYSTEM_RESOLVER, ...PUBLIC_RESOLVERS];

export function wifiInterface(overrides: Partial<InterfaceInfo> = {}): InterfaceInfo {
  return { name: 'wlan0', up: true, internal: false, addresses: ['198.18.0.10'], type: 'wireless', ...overrides };
}

export function loopbackInterface(): InterfaceInfo {
  return { name: 'lo', up: true, internal: true, addresses: ['127.0.0.1'] };
}

export function gatewayProbe(outcome: GatewayProbe['outcome'], overrides: Partial<GatewayProbe> = {}): GatewayProbe {
  return {
    configured: outcome === 'off' ? 'off' : 'auto',
    address: outcome === 'off' || outcome === 'unknown' ? null : '198.18.0.1',
    outcome,
    method: outcome === 'reachable' ? 'tcp-refused' : null,
    latencyMs: outcome === 'reachable' ? 2 : null,
    ...overrides,
  };
}

export function captiveProbe(
  outcome: CaptivePortalProbe['outcome'],
  overrides: Partial<CaptivePortalProbe> = {},
): CaptivePortalProbe {
  const url = outcome === 'off' ? null : 'http://198.18.0.204/generate_204';
  const status = outcome === 'ok' ? 204 : outcome === 'intercepted' ? 302 : null;
  return {
    url,
    expectStatus: 204,
    outcome,
    status,
    location: outcome === 'intercepted' ? 'http://portal.hotel.example/login' : null,
    http: null,
    ...overrides,
  };
}

export interface DnsResultOptions {
  addresses?: string[];
  cnameChain?: string[];
  latencyMs?: number;
  ede?: DnsExtendedError[];
}

const RCODES: Partial<Record<DnsOutcome, string>> = {
  answer: 'NOERROR',
  nodata: 'NOERROR',
  nxdomain: 'NXDOMAIN',
  servfail: 'SERVFAIL',
  refused: 'REFUSED',
};

export function dnsResult(
  hostname: string,
  resolver: ResolverRef,
  outcome: DnsOutcome,
  options: DnsResultOptions = {},
): DnsResult {
  const addresses = outcome === 'answer' ? (options.addresses ?? ['198.18.20.1']) : [];
  const latencyMs = options.latencyMs ?? (outcome === 'timeout' ? DEFAULT_TIMEOUT_MS : 12);
  return {
    kind: 'dns',
    hostname,
    resolver,
    outcome,
    addresses,
    cnameChain: options.cnameChain ?? [hostname],
    latencyMs,
    ede: options.ede ?? [],
    queries: [
      {
        recordType: 'A',
        outcome,
        rcode: RCODES[outcome] ?? null,
        addresses,
        cnameChain: options.cnameChain ?? [hostname],
        transport: 'udp',
        latencyMs,
        ignoredResponses: 0,
        ede: options.ede ?? [],
      },
    ],
  };
}

export interface HttpSpec {
  status?: number;
  outcome?: HttpOutcome;
  headers?: Record<string, string>;
  latencyMs?: number;
}

/** What one resolver says about a name, beyond its outcome: its EDE, or other addresses (a filter's). */
export interface DnsAnswerSpec {
  outcome: DnsOutcome;
  ede?: readonly DnsExtendedError[];
  addresses?: readonly string[];
}

export interface TargetSpec {
  id: string;
  name?: string;
  /** Default `https://<id>.example/`. */
  url?: string;
  provider?: string | null;
  region?: string | null;
  /** DNS outcome at every resolver, or per resolver (keyed by its name or address); default `answer`. */
  dns?: DnsOutcome | DnsAnswerSpec | Record<string, DnsOutcome | DnsAnswerSpec>;
  /** The address the resolvers answer. */
  address?: string;
  dnsLatencyMs?: number;
  /** Default `connected`. */
  tcp?: TcpOutcome;
  /** Default `ok` for https, none for http. */
  tls?: TlsOutcome | null;
  /** A status, an outcome, or the details; default 200. */
  http?: number | HttpOutcome | HttpSpec;
  /** HTTP latency; default 80 ms. */
  latencyMs?: number;
  /** The route to it leaves by this tunnel interface (a VPN's). */
  tunnel?: string;
  /** Through the proxy `http://198.18.9.1:3128`: how it answered (and its status). */
  proxy?: ProxyOutcome | { outcome: ProxyOutcome; status: number | null };
  /** An IPv6 attempt (to 2001:2::<n>) next to the IPv4 one, with this outcome. */
  ipv6?: TcpOutcome;
  internal?: TargetProbe['internal'];
}

export const LAB_PROXY = 'http://198.18.9.1:3128';

/** A proxy as the probe records it; its TCP record is the connection to the proxy. */
function proxyRecord(spec: TargetSpec, hostname: string, port: number, timeoutMs: number): ProxyResult | null {
  if (spec.proxy === undefined) return null;
  const said = typeof spec.proxy === 'string' ? { outcome: spec.proxy, status: null } : spec.proxy;
  const direct = said.outcome === 'invalid-setting' || said.outcome === 'unsupported';
  return {
    kind: 'proxy',
    proxy: direct ? 'htp:/nonsense' : LAB_PROXY,
    source: 'env',
    address: direct ? null : '198.18.9.1',
    port: direct ? 0 : 3128,
    request: direct ? '' : `CONNECT ${hostname}:${port}`,
    outcome: said.outcome,
    status: said.status ?? (said.outcome === 'connected' ? 200 : null),
    latencyMs: said.outcome === 'timeout' ? timeoutMs : 5,
  };
}

/** The TCP outcome of reaching the proxy itself for a proxy outcome. */
function proxyTcpOutcome(outcome: ProxyOutcome): TcpOutcome {
  return outcome === 'refused' || outcome === 'timeout' || outcome === 'reset' ? outcome : 'connected';
}

function addressFor(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) % 250;
  return `198.18.20.${hash + 1}`;
}

function isAnswerSpec(value: unknown): value is DnsAnswerSpec {
  return typeof value === 'object' && value !== null && 'outcome' in value;
}

function dnsAnswerFor(
  spec: TargetSpec,
  resolver: ResolverRef,
  resolverOutcomes: Record<string, DnsOutcome>,
): DnsAnswerSpec {
  const dns = spec.dns;
  if (typeof dns === 'string') return { outcome: dns };
  if (isAnswerSpec(dns)) return dns;
  const own = dns?.[resolver.name] ?? dns?.[resolver.address];
  if (own !== undefined) return typeof own === 'string' ? { outcome: own } : own;
  return { outcome: resolverOutcomes[resolver.name] ?? resolverOutcomes[resolver.address] ?? 'answer' };
}

function httpSpecOf(value: TargetSpec['http']): HttpSpec {
  if (value === undefined) return { status: 200 };
  if (typeof value === 'number') return { status: value };
  if (typeof value === 'string') return { outcome: value };
  return value;
}

export interface TargetContext {
  resolvers?: readonly ResolverRef[];
  /** A resolver's outcome for every name unless the target says otherwise (keyed by name or address). */
  resolverOutcomes?: Record<string, DnsOutcome>;
  timeoutMs?: number;
}

/** One target probed layer by layer the way the round does: DNS at every resolver, then TCP, TLS, HTTP. */
export function targetProbe(spec: TargetSpec, context: TargetContext = {}): TargetProbe {
  const resolvers = context.resolvers ?? DEFAULT_RESOLVERS;
  const timeoutMs = context.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const url = spec.url ?? `https://${spec.id}.example/`;
  const parsed = new URL(url);
  const https = parsed.protocol === 'https:';
  const hostname = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = parsed.port ? Number(parsed.port) : https ? 443 : 80;
  const literal = /^[\d.]+$/.test(hostname) || hostname.includes(':');
  const answer = spec.address ?? addressFor(spec.id);

  const dns = literal
    ? []
    : resolvers.map((resolver) => {
        const said = dnsAnswerFor(spec, resolver, context.resolverOutcomes ?? {});
        return dnsResult(hostname, resolver, said.outcome, {
          addresses: [...(said.addresses ?? [answer])],
          latencyMs: spec.dnsLatencyMs,
          ede: said.ede ? [...said.ede] : undefined,
        });
      });
  // As the probe does: the system resolver's address unless it gave none or only a null route.
  const routable = (r: DnsResult) => r.outcome === 'answer' && r.addresses.some((a) => !isNullRouteAddress(a));
  const from = (role: ResolverRef['role']) => dns.find((r) => r.resolver.role === role && routable(r));
  const chosen = from('system') ?? from('public');
  const addressSource: TargetProbe['addressSource'] = literal ? 'literal' : (chosen?.resolver.role ?? null);
  const address = literal ? hostname : (chosen?.addresses.find((a) => !isNullRouteAddress(a)) ?? null);

  const tcp: TcpResult[] = [];
  let tls: TlsResult | null = null;
  let http: HttpResult | null = null;
  const proxy = proxyRecord(spec, hostname, port, timeoutMs);
  const throughProxy = proxy !== null && proxy.address !== null;
  const connectTo = throughProxy ? proxy.address : address;
  if (connectTo) {
    const tcpOutcome = throughProxy ? proxyTcpOutcome(proxy.outcome) : (spec.tcp ?? 'connected');
    const tcpPort = throughProxy ? proxy.port : port;
    tcp.push({
      kind: 'tcp',
      host: hostname,
      address: connectTo,
      port: tcpPort,
      outcome: tcpOutcome,
      latencyMs: tcpOutcome === 'timeout' ? timeoutMs : 20,
    });
    if (spec.ipv6 && !throughProxy) {
      const v6 = `2001:2::${address === connectTo ? (connectTo.split('.').pop() ?? '1') : '1'}`;
      tcp.push({
        kind: 'tcp',
        host: hostname,
        address: v6,
        port,
        outcome: spec.ipv6,
        latencyMs: spec.ipv6 === 'timeout' ? timeoutMs : 20,
      });
    }
    if (tcpOutcome === 'connected' && (!throughProxy || proxy.outcome === 'connected')) {
      const tlsOutcome = spec.tls === undefined ? (https ? 'ok' : null) : spec.tls;
      if (tlsOutcome) {
        tls = {
          kind: 'tls',
          servername: hostname,
          address: connectTo,
          port,
          outcome: tlsOutcome,
          latencyMs: tlsOutcome === 'timeout' ? timeoutMs : 30,
        };
      }
      if (!tls || tls.outcome === 'ok') {
        const httpSpec = httpSpecOf(spec.http);
        const outcome = httpSpec.outcome ?? 'response';
        const status = outcome === 'response' ? (httpSpec.status ?? 200) : null;
        http = {
          kind: 'http',
          url,
          finalUrl: url,
          address: connectTo,
          outcome,
          status,
          latencyMs: httpSpec.latencyMs ?? spec.latencyMs ?? (outcome === 'timeout' ? timeoutMs : 80),
          redirects: [],
          headers: httpSpec.headers ?? {},
          bodySnippet: '',
          bytesRead: 0,
        };
      }
    }
  }
  return {
    id: spec.id,
    name: spec.name ?? spec.id,
    url,
    hostname,
    port,
    dns,
    addressSource,
    tcp,
    tls,
    http,
    provider: spec.provider ?? null,
    region: spec.region ?? null,
    providerSource: spec.provider ? 'catalog' : null,
    ...(spec.tunnel && connectTo ? { route: { address: connectTo, interface: spec.tunnel, tunnel: true } } : {}),
    ...(proxy ? { proxy } : {}),
    ...(spec.internal ? { internal: spec.internal } : {}),
  };
}

export const DEFAULT_CONTROLS: readonly TargetSpec[] = [
  { id: 'control-a', name: 'control-a.example', url: 'https://control-a.example/generate_204', http: 204 },
  { id: 'control-b', name: 'control-b.example', url: 'https://control-b.example/cdn-cgi/trace' },
];

export interface EvidenceSpec {
  at?: string;
  interfaces?: InterfaceInfo[];
  defaultRoute?: boolean | null;
  gateway?: GatewayProbe['outcome'] | GatewayProbe;
  resolvers?: readonly ResolverRef[];
  /** A resolver's outcome for every name unless a target says otherwise (keyed by name or address). */
  resolverOutcomes?: Record<string, DnsOutcome>;
  captive?: CaptivePortalProbe['outcome'] | CaptivePortalProbe;
  /** Default: two healthy HTTPS controls. */
  controls?: readonly TargetSpec[];
  apps?: readonly TargetSpec[];
  canaries?: readonly TargetSpec[];
  timeoutMs?: number;
  vpn?: VpnInfo | null;
  families?: IpFamilies;
  changedDuringRound?: boolean;
}

/** A WireGuard VPN `wg0` at 198.18.7.2, carrying everything unless told otherwise. */
export function vpnInfo(overrides: Partial<VpnInfo> = {}): VpnInfo {
  return { interface: 'wg0', kind: 'wireguard', addresses: ['198.18.7.2'], carries: 'default', ...overrides };
}

/** A round of evidence: healthy Wi-Fi, gateway, system + 3 public resolvers, captive check ok, 2 controls, no apps. */
export function roundEvidence(spec: EvidenceSpec = {}): RoundEvidence {
  const resolvers = spec.resolvers ?? DEFAULT_RESOLVERS;
  const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const context: TargetContext = { resolvers, resolverOutcomes: spec.resolverOutcomes ?? {}, timeoutMs };
  const build = (specs: readonly TargetSpec[]) => specs.map((s) => targetProbe(s, context));
  return {
    at: spec.at ?? FIXED_AT,
    local: {
      interfaces: spec.interfaces ?? [loopbackInterface(), wifiInterface()],
      defaultRoute: spec.defaultRoute === undefined ? true : spec.defaultRoute,
      gateway: typeof spec.gateway === 'object' ? spec.gateway : gatewayProbe(spec.gateway ?? 'reachable'),
      ...(spec.vpn !== undefined ? { vpn: spec.vpn } : {}),
      ...(spec.families ? { families: spec.families } : {}),
      ...(spec.changedDuringRound ? { changedDuringRound: true } : {}),
    },
    resolvers: [...resolvers],
    captivePortal: typeof spec.captive === 'object' ? spec.captive : captiveProbe(spec.captive ?? 'ok'),
    controls: build(spec.controls ?? DEFAULT_CONTROLS),
    apps: build(spec.apps ?? []),
    canaries: build(spec.canaries ?? []),
    timeoutMs,
  };
}

/** An app target named after its id (`zoom` -> `Zoom`), healthy unless overridden. */
export function app(id: string, overrides: Omit<TargetSpec, 'id'> = {}): TargetSpec {
  return { id, name: id.charAt(0).toUpperCase() + id.slice(1), ...overrides };
}

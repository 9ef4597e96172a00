// Plain records that probes return and diagnose/ reads. No functions, no
// classes: they cross process boundaries (utility process, IPC, JSON output).

export type Layer = 'dns' | 'tcp' | 'tls' | 'http';

/** A DNS server we ask, with the role it plays in the comparison. */
export interface ResolverRef {
  name: string;
  /** IP literal, never a hostname. */
  address: string;
  port: number;
  role: 'system' | 'public';
}

export type DnsRecordType = 'A' | 'AAAA' | 'CNAME';

/** One Extended DNS Error (RFC 8914) a resolver returned: the info code and its text ("" when none). */
export interface DnsExtendedError {
  code: number;
  text: string;
}

/**
 * How one query ended. `answer` = NOERROR with records of the asked type;
 * `nodata` = NOERROR without them; `malformed` = only unparseable or
 * mismatched responses arrived before the timeout.
 */
export type DnsOutcome = 'answer' | 'nodata' | 'nxdomain' | 'servfail' | 'refused' | 'timeout' | 'malformed' | 'error';

export interface DnsQueryResult {
  recordType: DnsRecordType;
  outcome: DnsOutcome;
  /** The rcode name as received (NOERROR, SERVFAIL, ...), null when none arrived. */
  rcode: string | null;
  /** Addresses of the asked type (A or AAAA), empty otherwise. */
  addresses: string[];
  /** CNAME targets in order, the asked name excluded (empty: no CNAME). Lower-case, no trailing dot. */
  cnameChain: string[];
  transport: 'udp' | 'tcp';
  latencyMs: number;
  /** Responses dropped because ID, question or source did not match, or they did not parse. */
  ignoredResponses: number;
  /** Extended DNS Errors of the accepted response; empty when none (or no response). */
  ede: DnsExtendedError[];
  error?: string;
  /** The errno code (EHOSTUNREACH, ECONNREFUSED, ...) when a socket error ended the query. */
  errorCode?: string;
}

/** One hostname asked of one resolver: A and AAAA, plus CNAME alone when both failed. */
export interface DnsResult {
  kind: 'dns';
  hostname: string;
  resolver: ResolverRef;
  /** Summary over the queries: `answer` when A or AAAA gave addresses. */
  outcome: DnsOutcome;
  addresses: string[];
  cnameChain: string[];
  latencyMs: number;
  /** Every Extended DNS Error the queries returned, each once. */
  ede: DnsExtendedError[];
  queries: DnsQueryResult[];
  /** The OS refused every query (macOS Local Network privacy): says nothing about the resolver. */
  blockedBy?: 'macos-local-network';
}

export type TcpOutcome = 'connected' | 'refused' | 'timeout' | 'unreachable' | 'reset' | 'error';

export interface TcpResult {
  kind: 'tcp';
  host: string;
  address: string;
  port: number;
  outcome: TcpOutcome;
  latencyMs: number;
  /** The errno code (ECONNREFUSED, EHOSTUNREACH, ...) when there was one. */
  errorCode?: string;
}

export type TlsOutcome =
  | 'ok'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-host'
  | 'untrusted'
  | 'handshake-failed'
  | 'timeout'
  | 'refused'
  | 'reset'
  | 'error';

export interface TlsResult {
  kind: 'tls';
  servername: string;
  address: string;
  port: number;
  outcome: TlsOutcome;
  latencyMs: number;
  protocol?: string;
  certificate?: { subject: string; issuer: string; validFrom: string; validTo: string };
  errorCode?: string;
}

export type HttpOutcome =
  'response' | 'timeout' | 'refused' | 'reset' | 'tls' | 'too-many-redirects' | 'bad-response' | 'error';

export interface HttpResult {
  kind: 'http';
  url: string;
  /** The last URL requested (after redirects). */
  finalUrl: string;
  address: string | null;
  outcome: HttpOutcome;
  /** The final status, null without a response. */
  status: number | null;
  latencyMs: number;
  /** Redirect locations followed, in order. */
  redirects: string[];
  /** Lower-cased names; only headers that identify providers or explain errors. */
  headers: Record<string, string>;
  /** The first bytes of the body as text (bounded). */
  bodySnippet: string;
  bytesRead: number;
  errorCode?: string;
}

/**
 * How a request through a proxy ended at the proxy. `connected`: the proxy
 * opened the tunnel (CONNECT 2xx) or answered a plain-HTTP request itself;
 * `auth-required`: 407; `denied`: 403 (a policy); `upstream-failed`: 502, 503
 * or 504 (the proxy could not reach the site); `bad-response`: not HTTP, or a
 * status a proxy does not give; `unsupported`: a kind of proxy we cannot
 * speak (SOCKS), and `invalid-setting`: a setting that names no proxy (a
 * malformed URL or PAC result): either way the probe went direct.
 */
export type ProxyOutcome =
  | 'connected'
  | 'refused'
  | 'timeout'
  | 'reset'
  | 'auth-required'
  | 'denied'
  | 'upstream-failed'
  | 'bad-response'
  | 'unsupported'
  | 'invalid-setting'
  | 'error';

/** Where the proxy setting came from: HTTPS_PROXY/HTTP_PROXY (the CLI), or the system's settings and PAC (the app). */
export type ProxySource = 'env' | 'system';

/** One connection through the proxy the person's apps use. */
export interface ProxyResult {
  kind: 'proxy';
  /** The proxy as configured, without credentials: `http://198.18.1.1:3128`. */
  proxy: string;
  source: ProxySource;
  /** The proxy's address (resolved when named), null when it could not be resolved. */
  address: string | null;
  port: number;
  /** What was asked of it: `CONNECT host:443`, or `GET http://host/path`. */
  request: string;
  outcome: ProxyOutcome;
  /** The proxy's own status line code, null when none arrived. */
  status: number | null;
  latencyMs: number;
  errorCode?: string;
}

export type ProbeResult = DnsResult | TcpResult | TlsResult | HttpResult | ProxyResult;

export type ProviderSource = 'config' | 'catalog' | 'cname' | 'hostname' | 'header' | 'rdns' | 'ip-range' | 'memory';

/** Everything learned about one app (or one control) in one round. */
export interface TargetProbe {
  id: string;
  name: string;
  url: string;
  hostname: string;
  port: number;
  /** Same hostname asked of every resolver, system ones first. */
  dns: DnsResult[];
  /** The addresses the connection used, and from which resolver role. */
  addressSource: 'system' | 'public' | 'literal' | null;
  tcp: TcpResult[];
  tls: TlsResult | null;
  http: HttpResult | null;
  provider: string | null;
  region: string | null;
  providerSource: ProviderSource | null;
  /** The interface the OS sends this target's traffic out of; null or absent: no address to route, or the OS did not say. */
  route?: RouteInfo | null;
  /** The proxy the connection went through, as the person's apps do; null or absent when direct. */
  proxy?: ProxyResult | null;
  /** Only the system resolver knows the name (an intranet): set in the config, or learned; null or absent: a public name. */
  internal?: 'config' | 'learned' | null;
  /** The OS refused every connection to this same-subnet address (macOS Local Network privacy): says nothing about the app. */
  blockedBy?: 'macos-local-network';
}

/** Where the OS routes one address: the interface and source address it picks (policy routing included). */
export interface RouteInfo {
  address: string;
  /** null when no route leads there (ENETUNREACH) or the interface is not known. */
  interface: string | null;
  /** A VPN or other tunnel interface carries it. */
  tunnel: boolean;
}

/**
 * A tunnel interface: `wireguard`, `tun` and `tap` (OpenVPN, most VPN
 * clients on Linux), `ppp` (PPTP/L2TP, dial-up), `utun`/`ipsec` (macOS), and
 * `vpn-client`: a VPN client's adapter recognised by its name (Windows, macOS).
 */
export type TunnelKind = 'wireguard' | 'tun' | 'tap' | 'ppp' | 'utun' | 'ipsec' | 'vpn-client';

export interface InterfaceInfo {
  name: string;
  up: boolean;
  internal: boolean;
  addresses: string[];
  type?: string;
  ssid?: string;
  /** Set when the interface is a tunnel (a VPN). */
  tunnel?: TunnelKind;
}

/** A VPN this machine's traffic goes through. */
export interface VpnInfo {
  interface: string;
  kind: TunnelKind;
  addresses: string[];
  /** `default`: the tunnel carries the default route (everything); `some`: only some routes (a split tunnel). */
  carries: 'default' | 'some';
}

/** What the machine's IP families can do: a default route per family, and NAT64 when the network is IPv6-only. */
export interface IpFamilies {
  /** A default route exists for the family (null: the OS did not say). */
  ipv4: boolean | null;
  ipv6: boolean | null;
  /** The NAT64 prefix the system resolver synthesizes into (RFC 6147/7050), e.g. `64:ff9b::/96`; null when none seen. */
  nat64Prefix: string | null;
}

export interface GatewayProbe {
  /** What the config asked for: 'auto', 'off' or an address. */
  configured: string;
  address: string | null;
  outcome: 'reachable' | 'unreachable' | 'off' | 'unknown';
  /** e.g. 'tcp-refused' (a refusal proves the gateway answers), 'tcp-connected'. */
  method: string | null;
  latencyMs: number | null;
  /** With outcome 'unknown': the OS refused the check (macOS Local Network privacy), not the router. */
  blockedBy?: 'macos-local-network';
}

export interface CaptivePortalProbe {
  url: string | null;
  expectStatus: number;
  outcome: 'ok' | 'intercepted' | 'failed' | 'off';
  status: number | null;
  /** Where a redirect pointed, when it did. */
  location: string | null;
  http: HttpResult | null;
}

export interface LocalNetwork {
  interfaces: InterfaceInfo[];
  /** Is there a default route? null when the OS did not say. */
  defaultRoute: boolean | null;
  gateway: GatewayProbe;
  /** The VPN carrying the default route, or else routes of this round's targets; null or absent when none. */
  vpn?: VpnInfo | null;
  /** Absent: not known (both families assumed usable). */
  families?: IpFamilies;
  /** Interfaces or their addresses changed while the round ran: its evidence may mix two networks. */
  changedDuringRound?: boolean;
}

/** The input of diagnose(): one round of evidence, nothing else. */
export interface RoundEvidence {
  at: string;
  local: LocalNetwork;
  resolvers: ResolverRef[];
  captivePortal: CaptivePortalProbe;
  controls: TargetProbe[];
  apps: TargetProbe[];
  /** Provider infrastructure targets (catalog canaries), shown apart from apps. */
  canaries: TargetProbe[];
  /** Timeout in force, so "slow" can be judged against it. */
  timeoutMs: number;
}

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

export type ProbeResult = DnsResult | TcpResult | TlsResult | HttpResult;

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
}

export interface InterfaceInfo {
  name: string;
  up: boolean;
  internal: boolean;
  addresses: string[];
  type?: string;
  ssid?: string;
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

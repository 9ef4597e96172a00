// Probes one app or control layer by layer: DNS at every resolver side by
// side, then TCP, TLS and HTTP against the address the system resolver gave
// (or a public resolver's, so an app can still be judged when local DNS fails
// or answers with a null route, as a DNS filter does).
import { isIP } from 'node:net';
import type { DnsResult, ResolverRef, TargetProbe, TcpResult } from '../contracts/probe-results';
import { attributeProvider, type IpRangeIndex } from '../catalog/index';
import { isNullRouteAddress } from '../contracts/sinkhole-addresses';
import { queryDns } from './dns';
import { queryReverse } from './dns-reverse';
import { refusedByPrivacy, type PrivacyContext } from './local-privacy';
import type { ProbeMemory } from './probe-memory';
import type { ProxyLookup } from './proxy-settings';
import type { RouteOf } from './route-lookup';
import { probeDirect, probeThroughProxy } from './target-connection';

export interface TargetSpec {
  id: string;
  name: string;
  url: string;
  /** From the config (strongest) or the catalog. */
  provider: string | null;
  region: string | null;
  providerSource: 'config' | 'catalog' | null;
  /** The config says only the system resolver knows the name. */
  internal?: boolean;
}

export interface ProviderMemoryEntry {
  provider: string;
  region: string | null;
  cnameChain: string[];
}

/** A CNAME seen for an app in an earlier round, and when (epoch ms) it was last seen. */
export interface RememberedName {
  name: string;
  seenAt: number;
}

export interface TargetContext {
  resolvers: ResolverRef[];
  timeoutMs: number;
  ca?: string[];
  signal?: AbortSignal;
  providerMemory?: Map<string, ProviderMemoryEntry>;
  /** CNAMEs seen per app in earlier rounds, oldest first: the name rules still place an app whose DNS fails. */
  nameMemory?: ReadonlyMap<string, readonly RememberedName[]>;
  /** The providers' published ranges, for attribution by address. */
  ipRanges?: IpRangeIndex | null;
  /** Ask who the address is (PTR) when nothing stronger names the provider; apps yes, controls no. */
  reverseLookup?: boolean;
  /** What the Monitor keeps between rounds (TLS sessions, PTR answers); none for a single check. */
  memory?: ProbeMemory;
  /** Where the OS routes an address (the round's shared lookups); absent: not asked. */
  routeOf?: RouteOf;
  /** The proxy each URL goes through; absent: every connection is direct. */
  proxyFor?: ProxyLookup;
  /** Names learned to be internal (only the system resolver knows them). */
  internalNames?: ReadonlySet<string>;
  /** How to read the OS refusing same-subnet addresses (macOS Local Network privacy); default this machine. */
  privacy?: PrivacyContext;
}

/** Attribution sources that make a reverse lookup pointless: they outrank it. */
const OUTRANKS_REVERSE_DNS: ReadonlySet<string> = new Set(['config', 'catalog', 'cname', 'hostname', 'header']);

export function urlHostAndPort(url: string): { hostname: string; port: number; https: boolean } {
  const parsed = new URL(url);
  const https = parsed.protocol === 'https:';
  const hostname = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = parsed.port ? Number(parsed.port) : https ? 443 : 80;
  return { hostname, port, https };
}

/** IPv4 first: it is what most apps still serve, and loopback fakes use it. */
export function pickAddress(addresses: readonly string[]): string | null {
  return addresses.find((a) => isIP(a) === 4) ?? addresses[0] ?? null;
}

/** The first answer of that role's resolvers; `routable`: leaving out null routes (0.0.0.0, 127.x, ::). */
function addressesFrom(dns: DnsResult[], role: ResolverRef['role'], routable: boolean): string[] {
  for (const result of dns) {
    if (result.resolver.role !== role) continue;
    const addresses = routable ? result.addresses.filter((a) => !isNullRouteAddress(a)) : result.addresses;
    if (addresses.length > 0) return addresses;
  }
  return [];
}

/**
 * Where to connect (both families when both are offered): the system resolver's addresses, as the person's apps do;
 * a public resolver's when the system one gave none, or only a null route (a
 * filter's answer) while a public one gives a real address. A world where
 * every resolver answers loopback (the tests' own) still connects there.
 */
function chooseAddresses(dns: DnsResult[]): { addresses: string[]; source: 'system' | 'public' | null } {
  const choices = [
    ['system', true],
    ['public', true],
    ['system', false],
    ['public', false],
  ] as const;
  for (const [role, routable] of choices) {
    const addresses = addressesFrom(dns, role, routable);
    if (addresses.length > 0) return { addresses, source: role };
  }
  return { addresses: [], source: null };
}

/** The CNAME chain the system resolver saw, else the longest any resolver saw. */
function bestCnameChain(dns: DnsResult[]): string[] {
  const system = dns.find((r) => r.resolver.role === 'system' && r.cnameChain.length > 1);
  if (system) return system.cnameChain;
  return dns.reduce<string[]>((best, r) => (r.cnameChain.length > best.length ? r.cnameChain : best), []);
}

/** Looks a name up at the resolvers in order (system first) and returns the first address. */
export function makeResolve(context: Pick<TargetContext, 'resolvers' | 'timeoutMs' | 'signal' | 'privacy'>) {
  return async (hostname: string): Promise<string | null> => {
    const bare = hostname.replace(/^\[|\]$/g, '');
    if (isIP(bare)) return bare;
    for (const resolver of context.resolvers) {
      const result = await queryDns({
        hostname: bare,
        resolver,
        timeoutMs: context.timeoutMs,
        signal: context.signal,
        ...(context.privacy ? { privacy: context.privacy } : {}),
      });
      const address = pickAddress(result.addresses);
      if (address) return address;
    }
    return null;
  };
}

/** Every TCP attempt went to a same-subnet address the OS refused (macOS Local Network privacy). */
function refusedEveryConnect(tcp: readonly TcpResult[], privacy: PrivacyContext | undefined): boolean {
  return tcp.length > 0 && tcp.every((result) => refusedByPrivacy(privacy, result.address, [result.errorCode]));
}

/** `connect` stops after TCP: enough to prove the path out, without a TLS handshake's CPU. */
export type ProbeDepth = 'full' | 'connect';

/** An address a target was reached at, and the resolver role that gave it. */
export interface KnownAddress {
  address: string;
  source: 'system' | 'public';
}

/** How much of a target one look asks about. */
export interface TargetPlan {
  depth?: ProbeDepth;
  /** Which resolvers to ask: every one (default), only the system ones, or none (use knownAddress). */
  dns?: 'all' | 'system' | 'none';
  /** Ask for IPv4 addresses only. */
  ipv4Only?: boolean;
  /** Where to connect when DNS is not asked. */
  knownAddress?: KnownAddress;
}

export async function probeTarget(
  spec: TargetSpec,
  context: TargetContext,
  plan: TargetPlan = {},
): Promise<TargetProbe> {
  const { hostname, port, https } = urlHostAndPort(spec.url);
  const literal = isIP(hostname) !== 0;
  const { timeoutMs, signal, privacy } = context;
  const depth = plan.depth ?? 'full';
  const dnsPlan = plan.dns === 'none' && !plan.knownAddress ? 'all' : (plan.dns ?? 'all');
  const asked = dnsPlan === 'system' ? context.resolvers.filter((r) => r.role === 'system') : context.resolvers;
  const ipv4Only = plan.ipv4Only ?? false;

  const dns: DnsResult[] =
    literal || dnsPlan === 'none'
      ? []
      : await Promise.all(
          asked.map((resolver) =>
            queryDns({ hostname, resolver, timeoutMs, signal, ipv4Only, ...(privacy ? { privacy } : {}) }),
          ),
        );

  let chosen: { addresses: string[]; source: TargetProbe['addressSource'] };
  if (literal) chosen = { addresses: [hostname], source: 'literal' };
  else if (dnsPlan === 'none' && plan.knownAddress)
    chosen = { addresses: [plan.knownAddress.address], source: plan.knownAddress.source };
  else chosen = chooseAddresses(dns);
  const addressSource: TargetProbe['addressSource'] = chosen.source;
  const route = context.proxyFor?.(spec.url) ?? { kind: 'direct' as const };
  const target = { url: spec.url, hostname, port, https };
  const connectionContext = {
    ...context,
    resolve: makeResolve(context),
    ...(context.memory ? { sessions: context.memory.tlsSessions } : {}),
  };
  const connection =
    route.kind === 'http'
      ? await probeThroughProxy(target, route, connectionContext, depth)
      : await probeDirect(target, chosen.addresses, connectionContext, depth, route.kind === 'unusable' ? route : null);
  const { tcp, tls, http } = connection;
  // Through a proxy the site's address is the one DNS gave (the proxy resolves for itself): attribution reads that.
  const address = route.kind === 'http' ? pickAddress(chosen.addresses) : connection.address;

  const cnameChain = bestCnameChain(dns);
  const remembered = context.providerMemory?.get(spec.id) ?? null;
  const attributionInput = {
    hostname: literal ? null : hostname,
    rememberedNames: (context.nameMemory?.get(spec.id) ?? []).map((entry) => entry.name),
    configProvider: spec.providerSource === 'config' ? spec.provider : null,
    configRegion: spec.providerSource === 'config' ? spec.region : null,
    catalogProvider: spec.providerSource === 'catalog' ? spec.provider : null,
    catalogRegion: spec.providerSource === 'catalog' ? spec.region : null,
    cnameChain,
    headers: http?.headers ?? {},
    address,
    ipRanges: context.ipRanges ?? null,
    memory: remembered ? { provider: remembered.provider, region: remembered.region } : null,
  };
  let attribution = attributeProvider(attributionInput);
  // The PTR question costs a round trip: only for apps that names and headers could not place.
  const resolver = context.resolvers.find((r) => r.role === 'system') ?? context.resolvers[0];
  if (
    context.reverseLookup &&
    address &&
    resolver &&
    !signal?.aborted &&
    !OUTRANKS_REVERSE_DNS.has(attribution.source ?? '')
  ) {
    const names = context.memory
      ? await context.memory.reverseNames.namesOf(address, resolver, timeoutMs, signal)
      : (await queryReverse({ address, resolver, timeoutMs, signal })).names;
    if (names.length > 0) attribution = attributeProvider({ ...attributionInput, reverseNames: names });
  }

  return {
    id: spec.id,
    name: spec.name,
    url: spec.url,
    hostname,
    port,
    dns,
    addressSource,
    tcp,
    tls,
    http,
    provider: attribution.provider,
    region: attribution.region,
    providerSource: attribution.source,
    route: connection.route,
    proxy: connection.proxy,
    internal: spec.internal ? 'config' : !literal && context.internalNames?.has(hostname) ? 'learned' : null,
    ...(route.kind === 'http' || !refusedEveryConnect(tcp, privacy)
      ? {}
      : { blockedBy: 'macos-local-network' as const }),
  };
}

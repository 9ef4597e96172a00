// The shape of the network a round ran on, from what it looked up along the
// way: the VPN its traffic goes through (all of it, or some routes), which IP
// families have a route, and the NAT64 prefix an IPv6-only network's resolver
// synthesizes into (RFC 6052 /96, found as RFC 7050 says: ipv4only.arpa).
import { isIP } from 'node:net';
import type { DnsResult, InterfaceInfo, IpFamilies, RouteInfo, VpnInfo } from '../contracts/probe-results';
import { ipv4Parts, ipv6Groups } from '../contracts/sinkhole-addresses';

/** RFC 7050: the name whose only A records are these, so a synthesized AAAA shows the prefix. */
export const IPV4ONLY_NAME = 'ipv4only.arpa';
export const IPV4ONLY_ADDRESSES = ['192.0.0.170', '192.0.0.171'] as const;

/**
 * The VPN in use: a tunnel the default route leaves by (or the route to the
 * internet, which policy routing may steer apart from the main table), else
 * a tunnel some of the round's targets are routed through.
 */
export function vpnInUse(input: {
  interfaces: readonly InterfaceInfo[];
  defaultInterfaces: readonly string[];
  /** Where the OS sends traffic for the internet (a public resolver's address). */
  internetRoute: RouteInfo | null;
  routes: readonly (RouteInfo | null | undefined)[];
}): VpnInfo | null {
  const tunnel = (name: string | null | undefined) =>
    input.interfaces.find((entry) => entry.name === name && entry.tunnel !== undefined);
  const info = (entry: InterfaceInfo, carries: VpnInfo['carries']): VpnInfo => ({
    interface: entry.name,
    kind: entry.tunnel ?? 'tun',
    addresses: entry.addresses,
    carries,
  });
  const byDefault =
    input.defaultInterfaces.map(tunnel).find((entry) => entry !== undefined) ??
    (input.internetRoute?.tunnel ? tunnel(input.internetRoute.interface) : undefined);
  if (byDefault) return info(byDefault, 'default');
  for (const route of input.routes) {
    const entry = route?.tunnel ? tunnel(route.interface) : undefined;
    if (entry) return info(entry, 'some');
  }
  return null;
}

/** Families the OS did not describe are read from the round's route lookups: a routed address of that family. */
export function familiesFrom(
  discovered: Pick<IpFamilies, 'ipv4' | 'ipv6'>,
  routes: readonly (RouteInfo | null | undefined)[],
  nat64Prefix: string | null,
): IpFamilies {
  const of = (family: 4 | 6, known: boolean | null): boolean | null => {
    if (known !== null) return known;
    const looked = routes.filter((route): route is RouteInfo => !!route && isIP(route.address) === family);
    return looked.length === 0 ? null : looked.some((route) => route.interface !== null);
  };
  return { ipv4: of(4, discovered.ipv4), ipv6: of(6, discovered.ipv6), nat64Prefix };
}

/** The /96 prefix (`64:ff9b::/96`) of an address whose last 32 bits are `ipv4`; null when they are not. */
export function embeddingPrefix(ipv6: string, ipv4: string): string | null {
  const all = ipv6Groups(ipv6);
  const four = ipv4Parts(ipv4);
  if (!all || !four) return null;
  const tail = [((four[0] ?? 0) << 8) | (four[1] ?? 0), ((four[2] ?? 0) << 8) | (four[3] ?? 0)];
  if (all[6] !== tail[0] || all[7] !== tail[1]) return null;
  const groups = all.slice(0, 6).map((group) => group.toString(16));
  // The shortest form of the first 96 bits followed by ::, as people write NAT64 prefixes.
  const text = groups.join(':').replace(/(^|:)0(:0)+$/, '');
  return `${text}::/96`;
}

/** The NAT64 prefix from ipv4only.arpa's synthesized AAAA records (RFC 7050), null when none shows one. */
export function nat64FromIpv4Only(result: DnsResult | null): string | null {
  for (const address of result?.addresses.filter((a) => isIP(a) === 6) ?? []) {
    for (const ipv4 of IPV4ONLY_ADDRESSES) {
      const prefix = embeddingPrefix(address, ipv4);
      if (prefix) return prefix;
    }
  }
  return null;
}

/**
 * The NAT64 prefix from the round's answers when ipv4only.arpa gave none: the
 * system resolver's AAAA for a name carries its own A address in its last 32
 * bits, with the same prefix for at least two names (one could be chance).
 */
export function nat64FromAnswers(results: readonly DnsResult[]): string | null {
  const seen = new Map<string, Set<string>>();
  for (const result of results) {
    if (result.resolver.role !== 'system') continue;
    const v4 = result.addresses.filter((a) => isIP(a) === 4);
    for (const v6 of result.addresses.filter((a) => isIP(a) === 6)) {
      for (const ipv4 of v4) {
        const prefix = embeddingPrefix(v6, ipv4);
        if (prefix) seen.set(prefix, new Set([...(seen.get(prefix) ?? []), result.hostname]));
      }
    }
  }
  return [...seen].find(([, names]) => names.size >= 2)?.[0] ?? null;
}

// The routing tables as Linux shows them in /proc/net/route and
// /proc/net/ipv6_route (the main table): default routes, and the gateways of
// other routes (the router a VPN's own traffic leaves by). Pure parsers.

export interface DefaultRoute {
  /** The interface the route leaves by. */
  iface: string;
  /** The next hop; null for an on-link default route (point-to-point links, some VPNs). */
  gateway: string | null;
  family: 4 | 6;
}

const RTF_UP = 0x0001;
const RTF_REJECT = 0x0200;

/** Parses /proc/net/route; returns its default routes that are up, in table order. */
export function parseProcNetRoute(text: string): DefaultRoute[] {
  const routes: DefaultRoute[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const [iface, destination, gatewayHex, flagsHex, , , , mask] = fields;
    if (!iface || destination !== '00000000' || mask !== '00000000') continue;
    const flags = Number.parseInt(flagsHex ?? '0', 16);
    if (!(flags & RTF_UP) || flags & RTF_REJECT) continue;
    routes.push({ iface, gateway: gatewayHex && gatewayHex !== '00000000' ? hexToIpv4(gatewayHex) : null, family: 4 });
  }
  return routes;
}

/** Parses /proc/net/ipv6_route; returns its default routes (::/0) that are up, skipping loopback's unreachable entry. */
export function parseProcNetIpv6Route(text: string): DefaultRoute[] {
  const routes: DefaultRoute[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [destination, prefixLength, , , nextHop, , , , flagsHex, iface] = fields;
    if (!iface || iface === 'lo' || !/^0{32}$/.test(destination ?? '') || prefixLength !== '00') continue;
    const flags = Number.parseInt(flagsHex ?? '0', 16);
    if (!(flags & RTF_UP) || flags & RTF_REJECT) continue;
    const gateway = nextHop && !/^0{32}$/.test(nextHop) ? hexToIpv6(nextHop) : null;
    routes.push({ iface, gateway, family: 6 });
  }
  return routes;
}

/** /proc/net/route stores addresses as little-endian hex: 010200C0 is 192.0.2.1. */
function hexToIpv4(hex: string): string | null {
  if (!/^[0-9a-f]{8}$/i.test(hex)) return null;
  const bytes = [6, 4, 2, 0].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
  return bytes.join('.');
}

/** 32 hex digits to the compressed text form (fe80::1). */
function hexToIpv6(hex: string): string | null {
  if (!/^[0-9a-f]{32}$/i.test(hex)) return null;
  const groups = Array.from({ length: 8 }, (_, i) => Number.parseInt(hex.slice(i * 4, i * 4 + 4), 16).toString(16));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j += 1;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

const RTF_GATEWAY = 0x0002;

/** Every IPv4 route through a gateway (any destination), in table order: the routers this machine knows. */
export function parseProcNetRouteGateways(text: string): DefaultRoute[] {
  const routes: DefaultRoute[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [iface, , gatewayHex, flagsHex] = line.trim().split(/\s+/);
    const flags = Number.parseInt(flagsHex ?? '0', 16);
    if (!iface || !(flags & RTF_UP) || !(flags & RTF_GATEWAY) || flags & RTF_REJECT) continue;
    const gateway = gatewayHex ? hexToIpv4(gatewayHex) : null;
    if (gateway && gateway !== '0.0.0.0') routes.push({ iface, gateway, family: 4 });
  }
  return routes;
}

/** The gateway to probe from the default routes: IPv4 first, link-local IPv6 scoped to its interface. */
export function gatewayFromRoutes(routes: DefaultRoute[]): string | null {
  const ordered = [...routes.filter((r) => r.family === 4), ...routes.filter((r) => r.family === 6)];
  for (const route of ordered) {
    if (!route.gateway) continue;
    if (route.family === 6 && route.gateway.toLowerCase().startsWith('fe80:')) return `${route.gateway}%${route.iface}`;
    return route.gateway;
  }
  return null;
}

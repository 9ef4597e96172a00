// The machine's own side of the network: which interfaces are up, whether a
// default route exists, and whether the default gateway answers. Discovery
// (reading OS state, no traffic) and probing (TCP to the gateway) are apart,
// so each can be used and tested on its own.
//
// On Linux everything comes from /proc and /sys (async reads, no child
// processes): systeminformation's Linux path runs blocking shell commands per
// interface. Elsewhere systeminformation is used, bounded by the timeout.
import { execFile } from 'node:child_process';
import { access, readFile, readdir } from 'node:fs/promises';
import { isIP } from 'node:net';
import { networkInterfaces as osNetworkInterfaces } from 'node:os';
import type { GatewayProbe, InterfaceInfo, IpFamilies, LocalNetwork } from '../contracts/probe-results';
import { parseAddress, type Config } from '../contracts/config';
import { currentFingerprint } from './network-fingerprint';
import {
  gatewayFromRoutes,
  parseProcNetIpv6Route,
  parseProcNetRoute,
  parseProcNetRouteGateways,
  type DefaultRoute,
} from './proc-routes';
import { probeGateway } from './gateway';
import { parseTunFlags, parseUeventDevtype, tunnelKindOf } from './tunnels';

export { parseProcNetIpv6Route, parseProcNetRoute, type DefaultRoute } from './proc-routes';
export { GATEWAY_PORTS, probeGateway, type GatewayProbeOptions } from './gateway';

export interface LocalNetworkProbeOptions {
  gateway: Config['gateway'];
  timeoutMs: number;
  signal?: AbortSignal;
  /** The OS's answer when the caller already asked (the round shares it with its route lookups). */
  discovery?: Promise<LocalDiscovery>;
}

/** What the OS says, gathered without sending a packet. */
export interface LocalDiscovery {
  interfaces: InterfaceInfo[];
  /** null when the OS did not say. */
  defaultRoute: boolean | null;
  /** The default gateway to probe (IPv6 link-local ones carry their %zone), null when none is known. */
  defaultGateway: string | null;
  /** A default route per family (null: the OS did not say). */
  families: Pick<IpFamilies, 'ipv4' | 'ipv6'>;
  /** The interfaces the default routes leave by (a VPN's tunnel, when it carries everything). */
  defaultInterfaces: string[];
}

const UNKNOWN_FAMILIES: LocalDiscovery['families'] = { ipv4: null, ipv6: null };

/** The SSID from `iw dev IFACE link` output, null when not associated. */
export function parseIwLinkSsid(text: string): string | null {
  const match = /^\s*SSID:\s*(.+?)\s*$/m.exec(text);
  return match?.[1] ?? null;
}

/** Resolves to `fallback` if `work` has not settled within `ms`; never rejects. */
function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function addressesByInterface(): Map<string, { addresses: string[]; internal: boolean }> {
  const byName = new Map<string, { addresses: string[]; internal: boolean }>();
  for (const [name, entries] of Object.entries(osNetworkInterfaces())) {
    const list = entries ?? [];
    byName.set(name, { addresses: list.map((entry) => entry.address), internal: list.some((entry) => entry.internal) });
  }
  return byName;
}

function iwSsid(iface: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('iw', ['dev', iface, 'link'], { timeout: timeoutMs }, (error, stdout) => {
      resolve(error ? null : parseIwLinkSsid(stdout));
    });
  });
}

const IFF_UP = 0x1;

async function linuxInterface(
  name: string,
  known: { addresses: string[]; internal: boolean } | undefined,
  timeoutMs: number,
): Promise<InterfaceInfo | null> {
  const base = `/sys/class/net/${name}`;
  const [operstate, flagsText, wireless, physical, typeText, uevent, tunFlags] = await Promise.all([
    readText(`${base}/operstate`),
    readText(`${base}/flags`),
    exists(`${base}/wireless`),
    exists(`${base}/device`),
    readText(`${base}/type`),
    readText(`${base}/uevent`),
    readText(`${base}/tun_flags`),
  ]);
  const linkType = typeText === null ? null : Number.parseInt(typeText.trim(), 10);
  const tunnel = known?.internal
    ? null
    : tunnelKindOf({ name, linkType, devtype: parseUeventDevtype(uevent), tunFlags: parseTunFlags(tunFlags) });
  // Interfaces without an address are listed only when they are hardware (a
  // pulled cable or Wi-Fi off is evidence) or tunnels (a VPN that is not
  // connected); bridges and veths would be noise.
  if (!known && !physical && !tunnel) return null;
  const state = operstate?.trim() ?? 'unknown';
  const flags = Number.parseInt(flagsText?.trim() ?? '0', 16);
  // 'unknown' is what loopback, tun and WireGuard report while they work.
  const up = state === 'up' || (state === 'unknown' && (flags & IFF_UP) !== 0);
  const internal = known?.internal ?? false;
  const type = internal ? 'loopback' : wireless ? 'wireless' : physical ? 'wired' : 'virtual';
  const info: InterfaceInfo = { name, up, internal, addresses: known?.addresses ?? [], type };
  if (tunnel) info.tunnel = tunnel;
  if (wireless && up) {
    const ssid = await iwSsid(name, timeoutMs);
    if (ssid) info.ssid = ssid;
  }
  return info;
}

/**
 * The router to check. A tunnel that carries the default route has no
 * gateway of its own (a point-to-point link): then the router is the one
 * other routes leave by on a physical interface (the VPN's own traffic).
 */
export function gatewayToProbe(
  defaults: DefaultRoute[],
  gatewayRoutes: DefaultRoute[],
  tunnels: ReadonlySet<string>,
): string | null {
  const direct = gatewayFromRoutes(defaults);
  if (direct) return direct;
  if (!defaults.some((route) => tunnels.has(route.iface))) return null;
  return gatewayRoutes.find((route) => !tunnels.has(route.iface))?.gateway ?? null;
}

async function discoverLinux(timeoutMs: number): Promise<LocalDiscovery> {
  const known = addressesByInterface();
  let names: string[];
  try {
    names = await readdir('/sys/class/net');
  } catch {
    names = [...known.keys()];
  }
  const all = new Set([...names, ...known.keys()]);
  const [interfaces, routeText, route6Text] = await Promise.all([
    Promise.all([...all].sort().map((name) => linuxInterface(name, known.get(name), timeoutMs))),
    readText('/proc/net/route'),
    readText('/proc/net/ipv6_route'),
  ]);
  const routes = [
    ...(routeText === null ? [] : parseProcNetRoute(routeText)),
    ...(route6Text === null ? [] : parseProcNetIpv6Route(route6Text)),
  ];
  const listed = interfaces.filter((info): info is InterfaceInfo => info !== null);
  const tunnels = new Set(listed.filter((info) => info.tunnel).map((info) => info.name));
  return {
    interfaces: listed,
    defaultRoute: routeText === null && route6Text === null ? null : routes.length > 0,
    defaultGateway: gatewayToProbe(routes, routeText === null ? [] : parseProcNetRouteGateways(routeText), tunnels),
    families: {
      ipv4: routeText === null ? null : routes.some((route) => route.family === 4),
      ipv6: route6Text === null ? null : routes.some((route) => route.family === 6),
    },
    defaultInterfaces: [...new Set(routes.map((route) => route.iface))],
  };
}

/** macOS and Windows: os.networkInterfaces for addresses, systeminformation for state, type, SSID and gateway. */
async function discoverWithSysteminformation(timeoutMs: number): Promise<LocalDiscovery> {
  const known = addressesByInterface();
  const si = await import('systeminformation');
  // rescan=false: systeminformation reuses its last answer while the OS's address list is unchanged.
  const [details, wifi, gateway] = await Promise.all([
    within(si.networkInterfaces(false), timeoutMs, []),
    within(si.wifiConnections(), timeoutMs, []),
    within(si.networkGatewayDefault(), timeoutMs, ''),
  ]);
  const detailByName = new Map(details.map((d) => [d.iface, d]));
  const interfaces: InterfaceInfo[] = [...known.entries()].map(([name, entry]) => {
    const detail = detailByName.get(name);
    const tunnel = entry.internal ? null : tunnelKindOf({ name, description: detail?.ifaceName ?? '' });
    const info: InterfaceInfo = {
      name,
      // A tunnel with an address is up: VPN adapters often report no link state.
      up: detail
        ? detail.operstate === 'up' || entry.internal || (tunnel !== null && entry.addresses.length > 0)
        : entry.addresses.length > 0,
      internal: entry.internal,
      addresses: entry.addresses,
      ...(entry.internal ? { type: 'loopback' } : detail?.type ? { type: detail.type } : {}),
      ...(tunnel ? { tunnel } : {}),
    };
    const ssid = wifi.find((w) => w.iface === name)?.ssid;
    if (ssid) info.ssid = ssid;
    return info;
  });
  const gatewayAddress = gateway.trim();
  return {
    interfaces,
    // systeminformation answers '' both for "no default route" and for "could not tell".
    defaultRoute: gatewayAddress ? true : null,
    defaultGateway: gatewayAddress && isIP(gatewayAddress) !== 0 ? gatewayAddress : null,
    // The round learns the families and the route's interface from route lookups (route-lookup.ts).
    families: UNKNOWN_FAMILIES,
    defaultInterfaces: [],
  };
}

/** What /sys and /proc said, kept while the network's fingerprint stays the same (at most this long). */
const DISCOVERY_REUSE_MS = 60_000;
let lastDiscovery: { fingerprint: string; at: number; discovery: LocalDiscovery } | null = null;

/** Reads interfaces, the default route and the default gateway. Sends no traffic. */
export function discoverLocalNetwork(timeoutMs: number): Promise<LocalDiscovery> {
  if (process.platform !== 'linux') return within(discoverWithSysteminformation(timeoutMs), timeoutMs, addressesOnly());
  // Nothing recomputed that did not change: the heartbeat asks every few seconds.
  const now = Date.now();
  const fingerprint = currentFingerprint(now);
  const kept = lastDiscovery;
  if (kept && kept.fingerprint === fingerprint && now - kept.at >= 0 && now - kept.at < DISCOVERY_REUSE_MS) {
    return Promise.resolve(kept.discovery);
  }
  const work = discoverLinux(timeoutMs).then((discovery) => {
    lastDiscovery = { fingerprint, at: now, discovery };
    return discovery;
  });
  return within(work, timeoutMs, addressesOnly());
}

/** The cheap answer when the OS is slow to say more: an interface with an address counts as up. */
function addressesOnly(): LocalDiscovery {
  const interfaces = [...addressesByInterface().entries()].map(([name, entry]) => ({
    name,
    up: entry.addresses.length > 0,
    internal: entry.internal,
    addresses: entry.addresses,
  }));
  return { interfaces, defaultRoute: null, defaultGateway: null, families: UNKNOWN_FAMILIES, defaultInterfaces: [] };
}

/** A router one hop away answers in milliseconds; waiting the full app timeout only delays a `lan` verdict. */
export const GATEWAY_TIMEOUT_CAP_MS = 1_500;

export async function probeLocalNetwork(options: LocalNetworkProbeOptions): Promise<LocalNetwork> {
  const { gateway, signal } = options;
  const discovery = await (options.discovery ?? discoverLocalNetwork(options.timeoutMs));
  const timeoutMs = Math.min(options.timeoutMs, GATEWAY_TIMEOUT_CAP_MS);
  const local = (probe: GatewayProbe): LocalNetwork => ({
    interfaces: discovery.interfaces,
    defaultRoute: discovery.defaultRoute,
    gateway: probe,
    vpn: null,
    families: { ...discovery.families, nat64Prefix: null },
    changedDuringRound: false,
  });
  if (gateway === 'off')
    return local({ configured: 'off', address: null, outcome: 'off', method: null, latencyMs: null });
  if (gateway === 'auto') {
    if (!discovery.defaultGateway)
      return local({ configured: 'auto', address: null, outcome: 'unknown', method: null, latencyMs: null });
    return local(
      await probeGateway({
        configured: 'auto',
        address: discovery.defaultGateway,
        timeoutMs,
        ...(signal ? { signal } : {}),
      }),
    );
  }
  const parsed = parseAddress(gateway, 0);
  if ('error' in parsed)
    return local({ configured: gateway, address: null, outcome: 'unknown', method: null, latencyMs: null });
  return local(
    await probeGateway({
      configured: gateway,
      address: parsed.address,
      ...(parsed.port === 0 ? {} : { ports: [parsed.port] }),
      timeoutMs,
      ...(signal ? { signal } : {}),
    }),
  );
}

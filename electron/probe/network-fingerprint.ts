// A cheap fingerprint of this machine's network: external interfaces with
// their addresses, and the default routes. No subprocess, no packet, two small
// file reads. The Monitor's interface watch compares it every second; the
// local probe re-reads the interfaces' details only when it changes.
import { readFileSync } from 'node:fs';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { parseProcNetIpv6Route, parseProcNetRoute, type DefaultRoute } from './proc-routes';

/** A stable text of what matters: external interfaces with their addresses, and the default routes. Order-free. */
export function networkFingerprint(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  defaultRoutes: DefaultRoute[],
): string {
  const lines: string[] = [];
  for (const [name, entries] of Object.entries(interfaces)) {
    for (const entry of entries ?? []) {
      if (!entry.internal) lines.push(`if ${name} ${entry.address}/${entry.netmask}`);
    }
  }
  for (const route of defaultRoutes) lines.push(`route${route.family} ${route.iface} ${route.gateway ?? 'on-link'}`);
  return lines.sort().join('\n');
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The fingerprint of this machine's network now. (Node lists only interfaces that are up and running.) */
export function readNetworkFingerprint(): string {
  const routes: DefaultRoute[] = [];
  if (process.platform === 'linux') {
    const v4 = readOptional('/proc/net/route');
    const v6 = readOptional('/proc/net/ipv6_route');
    if (v4) routes.push(...parseProcNetRoute(v4));
    if (v6) routes.push(...parseProcNetIpv6Route(v6));
  }
  return networkFingerprint(networkInterfaces(), routes);
}

const FRESH_MS = 500;
let last: { at: number; fingerprint: string } | null = null;

/** The fingerprint, read at most every half second (the watch and a round may both ask within one tick). */
export function currentFingerprint(now = Date.now()): string {
  if (!last || now - last.at >= FRESH_MS || now < last.at) last = { at: now, fingerprint: readNetworkFingerprint() };
  return last.fingerprint;
}

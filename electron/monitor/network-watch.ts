// Notices OS network changes (interfaces, addresses, default routes) by
// comparing a cheap fingerprint every couple of seconds: no subprocess, no
// packet, a few file reads. The Electron shell adds powerMonitor resume and
// online/offline events through Monitor.networkChanged.
import { readFileSync } from 'node:fs';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { parseProcNetIpv6Route, parseProcNetRoute, type DefaultRoute } from '../probe/proc-routes';
import type { Clock, TimerHandle } from './clock';

export const DEFAULT_NETWORK_POLL_MS = 1_000;

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

/** The fingerprint of this machine's network now. */
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

export interface NetworkWatchOptions {
  intervalMs: number;
  clock: Clock;
  onChange: () => void;
  read?: () => string;
}

export class NetworkWatch {
  private timer: TimerHandle | null = null;
  private last: string;
  private readonly read: () => string;

  constructor(private readonly options: NetworkWatchOptions) {
    this.read = options.read ?? readNetworkFingerprint;
    this.last = this.read();
    this.schedule();
  }

  private schedule(): void {
    this.timer = this.options.clock.setTimeout(() => {
      const current = this.read();
      if (current !== this.last) {
        this.last = current;
        this.options.onChange();
      }
      if (this.timer !== null) this.schedule();
    }, this.options.intervalMs);
  }

  stop(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

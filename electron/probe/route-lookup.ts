// Which interface the OS sends traffic to an address out of, asked without
// sending anything: connecting a UDP socket makes the kernel choose the route
// and the source address (policy routing included, as WireGuard's wg-quick
// sets up), and the source address names the interface. No packet leaves.
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { InterfaceInfo, RouteInfo } from '../contracts/probe-results';

/** The discard port: the connect only picks a route, nothing is sent. */
const UNSENT_PORT = 9;

/** The source address the OS would use towards `address`, null when no route leads there. */
export function sourceAddressFor(address: string): Promise<string | null> {
  const family = isIP(address);
  if (family === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    let settled = false;
    const done = (value: string | null): void => {
      if (settled) return;
      settled = true;
      socket.close();
      resolve(value);
    };
    socket.on('error', () => done(null));
    // Node hands a failed connect (ENETUNREACH) to the callback, which its typings declare without arguments.
    const connect = socket.connect.bind(socket) as (port: number, host: string, done: (error?: Error) => void) => void;
    try {
      connect(UNSENT_PORT, address, (error) => {
        if (error) return done(null);
        try {
          done(socket.address().address);
        } catch {
          done(null);
        }
      });
    } catch {
      done(null);
    }
  });
}

/** Interface names by the addresses they hold (link-local IPv6 without its %zone). */
function interfaceByAddress(): Map<string, string> {
  const byAddress = new Map<string, string>();
  for (const [name, entries] of Object.entries(networkInterfaces())) {
    for (const entry of entries ?? []) byAddress.set(entry.address.toLowerCase().split('%')[0] ?? '', name);
  }
  return byAddress;
}

export type RouteOf = (address: string) => Promise<RouteInfo>;

/**
 * Route lookups for one round, each address asked once. `tunnels`: the
 * interfaces the round found to be tunnels (discovery runs beside the probes,
 * so this is a promise).
 */
export function routeLookup(interfaces: Promise<readonly InterfaceInfo[]>): RouteOf {
  const cache = new Map<string, Promise<RouteInfo>>();
  return (address) => {
    const cached = cache.get(address);
    if (cached) return cached;
    const lookup = (async (): Promise<RouteInfo> => {
      const source = await sourceAddressFor(address);
      if (source === null) return { address, interface: null, tunnel: false };
      const name = interfaceByAddress().get(source.toLowerCase()) ?? null;
      const known = (await interfaces).find((entry) => entry.name === name);
      return { address, interface: name, tunnel: known?.tunnel !== undefined };
    })();
    cache.set(address, lookup);
    return lookup;
  };
}

// Builds and removes the three-namespace lab: client — router — internet.
// Names carry the owner's pid, so parallel runs never collide and a later run
// can sweep what a crashed one left behind.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CLIENT_ADDRESS,
  CLIENT_LINK,
  INTERNET_ADDRESS,
  INTERNET_BLOCKS,
  INTERNET_LINK,
  LAN_PREFIX,
  ROUTER_LAN_ADDRESS,
  ROUTER_LAN_LINK,
  ROUTER_WAN_ADDRESS,
  ROUTER_WAN_LINK,
} from './lab-addresses';
import { execIn, ipIn, run, runSync } from './lab-shell';

const NAME_PREFIX = 'owlab';
const NAME_PATTERN = /^owlab-(\d+)-/;
const NETNS_ETC = '/etc/netns';

export interface LabNamespaces {
  client: string;
  router: string;
  internet: string;
}

let topologyCounter = 0;

export function labNamespaceNames(pid = process.pid): LabNamespaces {
  topologyCounter += 1;
  const base = `${NAME_PREFIX}-${pid}-${topologyCounter}`;
  return { client: `${base}-client`, router: `${base}-router`, internet: `${base}-internet` };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes a namespace and its /etc/netns entry; synchronous so exit and signal handlers can use it. */
export function removeNamespaceSync(name: string): void {
  runSync('ip', ['netns', 'del', name]);
  rmSync(join(NETNS_ETC, name), { recursive: true, force: true });
}

/** Removes lab namespaces (and /etc/netns entries) whose owning process is gone. Returns what it removed. */
export function sweepStaleLabs(): string[] {
  const names = new Set<string>();
  const listed = (() => {
    try {
      return readdirSync('/run/netns');
    } catch {
      return [];
    }
  })();
  for (const name of listed) names.add(name);
  if (existsSync(NETNS_ETC)) for (const name of readdirSync(NETNS_ETC)) names.add(name);
  const removed: string[] = [];
  for (const name of names) {
    const owner = NAME_PATTERN.exec(name);
    if (!owner || isAlive(Number(owner[1]))) continue;
    removeNamespaceSync(name);
    removed.push(name);
  }
  return removed;
}

/** Creates the namespaces, links, addresses, routes and the client's resolv.conf. */
export async function createTopology(names: LabNamespaces): Promise<void> {
  const { client, router, internet } = names;
  for (const name of [client, router, internet]) {
    await run('ip', ['netns', 'add', name]);
    await ipIn(name, 'link', 'set', 'lo', 'up');
  }
  // Made inside the namespaces, so the host's interface names are never involved.
  await ipIn(router, 'link', 'add', ROUTER_LAN_LINK, 'type', 'veth', 'peer', 'name', CLIENT_LINK, 'netns', client);
  await ipIn(router, 'link', 'add', ROUTER_WAN_LINK, 'type', 'veth', 'peer', 'name', INTERNET_LINK, 'netns', internet);

  await ipIn(client, 'addr', 'add', `${CLIENT_ADDRESS}/${LAN_PREFIX}`, 'dev', CLIENT_LINK);
  await ipIn(router, 'addr', 'add', `${ROUTER_LAN_ADDRESS}/${LAN_PREFIX}`, 'dev', ROUTER_LAN_LINK);
  await ipIn(router, 'addr', 'add', `${ROUTER_WAN_ADDRESS}/${LAN_PREFIX}`, 'dev', ROUTER_WAN_LINK);
  await ipIn(internet, 'addr', 'add', `${INTERNET_ADDRESS}/${LAN_PREFIX}`, 'dev', INTERNET_LINK);
  for (const [namespace, link] of [
    [client, CLIENT_LINK],
    [router, ROUTER_LAN_LINK],
    [router, ROUTER_WAN_LINK],
    [internet, INTERNET_LINK],
  ] as const) {
    await ipIn(namespace, 'link', 'set', link, 'up');
  }
  await restoreClientRoute(names);
  for (const block of INTERNET_BLOCKS) await ipIn(router, 'route', 'add', block, 'via', INTERNET_ADDRESS);
  await ipIn(internet, 'route', 'add', 'default', 'via', ROUTER_WAN_ADDRESS);
  // A block on lo makes every address in it local: each site gets its own address without an interface each.
  for (const block of INTERNET_BLOCKS) {
    const [network, prefix] = block.split('/');
    await ipIn(internet, 'addr', 'add', `${network!.replace(/\.0$/, '.1')}/${prefix}`, 'dev', 'lo');
  }
  await execIn(router, 'sysctl', ['-q', '-w', 'net.ipv4.ip_forward=1']);

  // `ip netns exec` bind-mounts /etc/netns/<ns>/* over /etc, so the client's
  // system resolver is the router, exactly like a DHCP-configured laptop.
  await mkdir(join(NETNS_ETC, client), { recursive: true });
  await writeFile(
    join(NETNS_ETC, client, 'resolv.conf'),
    `nameserver ${ROUTER_LAN_ADDRESS}\noptions timeout:1 attempts:1\n`,
  );
}

/** The client's default route via the router; the kernel drops it whenever the link goes down. */
export async function restoreClientRoute(names: LabNamespaces): Promise<void> {
  await ipIn(names.client, 'route', 'replace', 'default', 'via', ROUTER_LAN_ADDRESS, 'dev', CLIENT_LINK);
}

export function destroyTopologySync(names: LabNamespaces): void {
  for (const name of [names.client, names.router, names.internet]) removeNamespaceSync(name);
}

export function namespaceExists(name: string): boolean {
  return existsSync(join('/run/netns', name));
}

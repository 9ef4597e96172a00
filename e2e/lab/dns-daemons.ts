// Real DNS software in the lab (docs/contracts.md section 6): NSD as the lab's
// root and as the authoritative servers of its zones, Unbound as the router's
// resolver and as public resolvers, every one the test's own child process
// with a generated config, bound to a lab address, its files in the lab's work
// folder. The root delegates each zone straight to its authority, so a zone
// can go dark, be emptied or be signed and broken while the others stay up.
//
//   internet ns: root 198.18.3.10, authorities 198.18.3.11..., public resolvers 198.18.3.63...
//   router ns:   the router's resolver on 198.18.1.1:53 (the router process's forwarder is off meanwhile)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lab } from './lab';
import { ROUTER_LAN_ADDRESS } from './lab-addresses';
import { execIn, nftIn } from './lab-shell';
import { trackLabChild } from './namespace-process';
import { makeZoneKeys, signZone, writeTrustAnchors, type Signing, type ZoneKeys } from './zone-signing';

export const LAB_ROOT_ADDRESS = '198.18.3.10';

/** One zone: records after its SOA and NS, as zone-file lines (names relative to the origin, or absolute). */
export interface LabZone {
  origin: string;
  records: string[];
  /** Seconds; short, so "after the cache expires" is a few seconds (default 2). */
  ttl?: number;
  /** Signed with DNSSEC, its signatures valid or expired. */
  signing?: Signing;
}

export interface LabAuthority {
  address: string;
  zones: LabZone[];
}

export interface LabResolver {
  name: string;
  where: 'router' | 'internet';
  /** Ignored for the router's resolver: it listens where the router's forwarder did. */
  address: string;
  validating: boolean;
  /** Answers from cache past expiry with EDE 3 (RFC 8767 serve-stale). */
  serveExpired?: boolean;
  /** More `server:` lines, e.g. local-zone filters. */
  extra?: string[];
}

/**
 * How an authority's servers stop being reachable while they still run:
 * `drop`: their packets vanish (a silent server, an overloaded link);
 * `no-route`: the network answers "no route" (ICMP network unreachable), as
 * when the prefix of a zone's servers is withdrawn from BGP (Facebook, 4 Oct 2021).
 */
export type AuthorityCut = 'drop' | 'no-route';

/** The internet namespace's table for cut authorities; close() removes it. */
const CUT_TABLE = 'lab_dns_world_cut';

export interface DnsWorldSpec {
  authorities: LabAuthority[];
  resolvers: LabResolver[];
}

interface Daemon {
  label: string;
  child: ChildProcess;
  log: string;
}

let worldCount = 0;

function zoneFile(zone: LabZone, nameserver: string, address: string): string {
  const ttl = zone.ttl ?? 2;
  return [
    `$ORIGIN ${zone.origin}.`,
    `$TTL ${ttl}`,
    `@ IN SOA ${nameserver}. hostmaster.${zone.origin}. 1 3600 600 86400 ${ttl}`,
    `@ IN NS ${nameserver}.`,
    `${nameserver}. IN A ${address}`,
    ...zone.records,
    '',
  ].join('\n');
}

function rootZone(authorities: LabAuthority[], keys: ReadonlyMap<string, ZoneKeys>): string {
  const lines = [
    '$TTL 3600',
    '. IN SOA a.root-servers.lab. hostmaster.root.lab. 1 3600 600 86400 60',
    '. IN NS a.root-servers.lab.',
    `a.root-servers.lab. IN A ${LAB_ROOT_ADDRESS}`,
  ];
  for (const authority of authorities) {
    for (const zone of authority.zones) {
      const nameserver = `ns1.${zone.origin}.`;
      lines.push(`${zone.origin}. IN NS ${nameserver}`, `${nameserver} IN A ${authority.address}`);
      const ds = keys.get(zone.origin)?.ds;
      if (ds) lines.push(ds);
    }
  }
  return `${lines.join('\n')}\n`;
}

function nsdConfig(address: string, directory: string, zones: string[]): string {
  return [
    'server:',
    `  ip-address: ${address}`,
    '  port: 53',
    '  do-ip6: no',
    '  username: ""',
    '  chroot: ""',
    `  zonesdir: "${directory}"`,
    `  zonelistfile: "${directory}/zone.list"`,
    `  xfrdfile: "${directory}/xfrd.state"`,
    `  pidfile: "${directory}/nsd.pid"`,
    '  database: ""',
    '  server-count: 1',
    '  verbosity: 1',
    '  hide-version: yes',
    'remote-control:',
    '  control-enable: no',
    ...zones.flatMap((origin) => [
      'zone:',
      `  name: "${origin}"`,
      `  zonefile: "${origin === '.' ? 'root' : origin}.zone"`,
    ]),
    '',
  ].join('\n');
}

function unboundConfig(resolver: LabResolver, address: string, directory: string, anchors: boolean): string {
  const lines = [
    'server:',
    `  interface: ${address}`,
    '  port: 53',
    '  do-ip6: no',
    '  do-daemonize: no',
    '  use-syslog: no',
    '  logfile: ""',
    '  verbosity: 1',
    '  username: ""',
    '  chroot: ""',
    `  directory: "${directory}"`,
    `  pidfile: "${directory}/unbound.pid"`,
    `  root-hints: "${directory}/root.hints"`,
    '  access-control: 198.18.0.0/15 allow',
    '  num-threads: 1',
    '  so-reuseport: no',
    '  qname-minimisation: no',
    '  prefetch: no',
    // A server that stopped answering is tried again within seconds, as the scenarios need.
    '  infra-host-ttl: 2',
    // Give up on a silent server after about a second (default: two minutes), so a dark zone is a
    // SERVFAIL within the probe's timeout rather than a timeout, as busy public resolvers answer.
    '  infra-cache-max-rtt: 1000',
    // Debian's 1.17.1 carries the CVE-2024-33655 fix: a reply later than discard-timeout (1900 ms by
    // default) is never sent. Giving up on a silent server takes about 2.3 s here, so without this the
    // client would see a timeout, not the SERVFAIL.
    '  discard-timeout: 4000',
    '  udp-connect: yes',
    // Unbound answers .test itself (RFC 6761); the lab's zones live there.
    '  local-zone: "test." nodefault',
    '  ede: yes',
    '  val-log-level: 2',
    `  module-config: "${resolver.validating ? 'validator iterator' : 'iterator'}"`,
  ];
  if (resolver.validating && anchors) lines.push(`  trust-anchor-file: "${directory}/anchors.ds"`);
  if (resolver.serveExpired) {
    // RFC 8767: try the authority first, answer from the expired cache only when it fails to answer in time.
    lines.push(
      '  serve-expired: yes',
      '  serve-expired-ttl: 3600',
      '  serve-expired-client-timeout: 1800',
      '  ede-serve-expired: yes',
    );
  }
  lines.push(...(resolver.extra ?? []).map((line) => `  ${line}`), 'remote-control:', '  control-enable: no', '');
  return lines.join('\n');
}

/** Waits until the server answers a query for `name` (any rcode): drill from inside its namespace. */
async function untilAnswering(namespace: string, address: string, name: string, daemon: Daemon): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (daemon.child.exitCode !== null) throw new Error(`${daemon.label} exited: ${daemon.log.trim()}`);
    try {
      await execIn(namespace, 'drill', ['-Q', `@${address}`, name, 'SOA']);
      return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${daemon.label} does not answer on ${address}: ${daemon.log.trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export class DnsWorld {
  private readonly daemons = new Map<string, Daemon>();
  private readonly keys = new Map<string, ZoneKeys>();
  private cut = false;

  private constructor(
    private readonly lab: Lab,
    private readonly spec: DnsWorldSpec,
    private readonly directory: string,
  ) {}

  /** Starts the root, every authority and every resolver, and waits until each answers. */
  static async start(lab: Lab, spec: DnsWorldSpec): Promise<DnsWorld> {
    worldCount += 1;
    const directory = join(lab.workDir, `dns-world-${worldCount}`);
    await mkdir(directory, { recursive: true });
    const world = new DnsWorld(lab, spec, directory);
    try {
      await world.startAll();
    } catch (error) {
      await world.close();
      throw error;
    }
    return world;
  }

  /** The public resolvers, as a config names them. */
  publicResolvers(): { name: string; address: string }[] {
    return this.spec.resolvers.filter((r) => r.where === 'internet').map((r) => ({ name: r.name, address: r.address }));
  }

  private async startAll(): Promise<void> {
    for (const authority of this.spec.authorities) {
      for (const zone of authority.zones) {
        if (zone.signing) this.keys.set(zone.origin, await makeZoneKeys(zone.origin, await this.folder('keys')));
      }
    }
    const rootDir = await this.folder('root');
    await writeFile(join(rootDir, 'root.zone'), rootZone(this.spec.authorities, this.keys));
    await writeFile(join(rootDir, 'nsd.conf'), nsdConfig(LAB_ROOT_ADDRESS, rootDir, ['.']));
    await this.startNsd('root', rootDir, LAB_ROOT_ADDRESS, '.');
    for (const authority of this.spec.authorities) await this.startAuthority(authority.address);

    const hints = `. 3600000 IN NS a.root-servers.lab.\na.root-servers.lab. 3600000 IN A ${LAB_ROOT_ADDRESS}\n`;
    for (const resolver of this.spec.resolvers) {
      const dir = await this.folder(`resolver-${resolver.name.replace(/\W+/g, '-')}`);
      const address = resolver.where === 'router' ? ROUTER_LAN_ADDRESS : resolver.address;
      await writeFile(join(dir, 'root.hints'), hints);
      await writeTrustAnchors(join(dir, 'anchors.ds'), [...this.keys.values()]);
      await writeFile(join(dir, 'unbound.conf'), unboundConfig(resolver, address, dir, this.keys.size > 0));
      // The router's own forwarder gives up port 53 to its real resolver.
      if (resolver.where === 'router') await this.lab.setRouterDns('dead');
      const namespace = resolver.where === 'router' ? this.lab.names.router : this.lab.names.internet;
      const daemon = this.spawnIn(`unbound ${resolver.name}`, namespace, 'unbound', [
        '-d',
        '-c',
        join(dir, 'unbound.conf'),
      ]);
      await untilAnswering(namespace, address, '.', daemon);
    }
  }

  private async folder(name: string): Promise<string> {
    const path = join(this.directory, name);
    await mkdir(path, { recursive: true });
    return path;
  }

  private spawnIn(label: string, namespace: string, command: string, args: string[]): Daemon {
    const child = spawn('ip', ['netns', 'exec', namespace, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    trackLabChild(child);
    const daemon: Daemon = { label, child, log: '' };
    const keep = (chunk: Buffer) => (daemon.log = (daemon.log + chunk.toString()).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.daemons.set(label, daemon);
    return daemon;
  }

  private async startNsd(label: string, directory: string, address: string, probeName: string): Promise<void> {
    const daemon = this.spawnIn(`nsd ${label}`, this.lab.names.internet, 'nsd', [
      '-d',
      '-c',
      join(directory, 'nsd.conf'),
    ]);
    await untilAnswering(this.lab.names.internet, address, probeName, daemon);
  }

  private authority(address: string): LabAuthority {
    const authority = this.spec.authorities.find((a) => a.address === address);
    if (!authority) throw new Error(`no lab authority at ${address}`);
    return authority;
  }

  /** (Re)starts the authority at `address` with its zones as they are now (signed as they say). */
  async startAuthority(address: string): Promise<void> {
    const authority = this.authority(address);
    const dir = await this.folder(`authority-${address}`);
    for (const zone of authority.zones) {
      const served = join(dir, `${zone.origin}.zone`);
      const text = zoneFile(zone, `ns1.${zone.origin}`, address);
      const keys = this.keys.get(zone.origin);
      if (zone.signing && keys) {
        const unsigned = join(dir, `${zone.origin}.unsigned`);
        await writeFile(unsigned, text);
        await signZone(keys, unsigned, served, zone.signing);
      } else {
        await writeFile(served, text);
      }
    }
    await writeFile(
      join(dir, 'nsd.conf'),
      nsdConfig(
        address,
        dir,
        authority.zones.map((z) => z.origin),
      ),
    );
    await this.startNsd(address, dir, address, authority.zones[0]?.origin ?? '.');
  }

  /** The authority at `address` stops: its zones' servers are gone (the kernel answers port unreachable). */
  async stopAuthority(address: string): Promise<void> {
    await this.stop(`nsd ${address}`);
  }

  /** The authority at `address` keeps running, but no resolver reaches it (UDP and TCP port 53). */
  async cutAuthority(address: string, how: AuthorityCut): Promise<void> {
    this.authority(address);
    const verdict = how === 'drop' ? 'drop' : 'reject with icmpx type no-route';
    // The input hook sees both the router's queries (through i0) and the public resolvers' own (over lo).
    await nftIn(
      this.lab.names.internet,
      `table inet ${CUT_TABLE} {
  chain input_filter { type filter hook input priority 0; ip daddr ${address} meta l4proto { tcp, udp } th dport 53 ${verdict}; }
}`,
    );
    this.cut = true;
  }

  /** Re-signs a zone (valid or expired) and restarts its authority. */
  async resign(origin: string, signing: Signing): Promise<void> {
    const authority = this.spec.authorities.find((a) => a.zones.some((z) => z.origin === origin));
    if (!authority) throw new Error(`no lab zone ${origin}`);
    for (const zone of authority.zones) if (zone.origin === origin) zone.signing = signing;
    await this.stopAuthority(authority.address);
    await this.startAuthority(authority.address);
  }

  private async stop(label: string): Promise<void> {
    const daemon = this.daemons.get(label);
    if (!daemon) return;
    this.daemons.delete(label);
    if (daemon.child.exitCode !== null || daemon.child.signalCode !== null) return;
    const exited = new Promise((resolve) => daemon.child.once('exit', resolve));
    daemon.child.kill('SIGTERM');
    const timer = setTimeout(() => daemon.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  /** Every daemon's last log lines, for a failing test's message. */
  logs(): string {
    return [...this.daemons.values()]
      .map((d) => `${d.label}: ${d.log.trim().split('\n').slice(-3).join(' | ')}`)
      .join('\n');
  }

  async close(): Promise<void> {
    const routerResolver = this.spec.resolvers.some((r) => r.where === 'router');
    for (const label of [...this.daemons.keys()]) await this.stop(label);
    if (this.cut) await execIn(this.lab.names.internet, 'nft', ['delete', 'table', 'inet', CUT_TABLE]);
    this.cut = false;
    if (routerResolver) await this.lab.setRouterDns('forward');
  }
}

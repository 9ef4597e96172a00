// Real parts of messier networks, added to the lab by a scenario: a proxy on
// the router (tinyproxy, or socat playing a broken one), a VPN (a tun device
// in the client carried by socat over UDP to a server end in the internet
// namespace), IPv6 (2001:2::/48) with or without a working path, a DNS64
// resolver (unbound) and a NAT64 translator (tayga), and intranet names only
// the router's resolver knows. Every daemon is the test's own child process
// with a generated config; everything is undone by `undo()` (and the
// namespaces' removal).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IssuedCertificate } from '../../electron/testkit/test-ca';
import {
  CLIENT_LINK,
  INTERNET_LINK,
  ROUTER_LAN_ADDRESS,
  ROUTER_LAN_LINK,
  ROUTER_UPSTREAM_RESOLVER,
  ROUTER_WAN_LINK,
} from './lab-addresses';
import { execIn, ipIn, nftIn } from './lab-shell';
import type { LabNamespaces } from './lab-topology';
import { trackLabChild } from './namespace-process';

export const PROXY_PORT = 3128;
export const PROXY_URL = `http://${ROUTER_LAN_ADDRESS}:${PROXY_PORT}`;
/** Where the HTTPS proxy (TLS in front of tinyproxy) listens. */
export const TLS_PROXY_PORT = 3129;

/** IPv6 plan, inside 2001:2::/48 only. */
export const V6 = {
  clientLan: '2001:2:0:1::2',
  routerLan: '2001:2:0:1::1',
  routerWan: '2001:2:0:2::1',
  internetWan: '2001:2:0:2::2',
  /** Sites' IPv6 addresses: 2001:2:0:3::<last IPv4 byte pair>. */
  sites: '2001:2:0:3::/64',
  /** The NAT64 prefix (a network-specific one: the well-known 64:ff9b::/96 is outside the lab's range). */
  nat64: '2001:2:0:64::/96',
} as const;

/** A site's IPv6 address, derived from its IPv4 one (198.19.1.10 -> 2001:2:0:3::1:a). */
export function siteV6(ipv4: string): string {
  const [, , third = '0', fourth = '0'] = ipv4.split('.');
  return `2001:2:0:3::${Number(third).toString(16)}:${Number(fourth).toString(16)}`;
}

/** The tunnel's own addresses: the client's end and the server's. */
export const TUNNEL = { client: '198.18.6.2', server: '198.18.6.1', prefix: 30, device: 'tun0' } as const;
/** Where the VPN server listens (on the internet namespace's lo block). */
export const VPN_SERVER = { address: '198.18.3.99', port: 51820 } as const;

export interface NetworkParts {
  /** Starts a real tinyproxy on the router; `password` makes it answer 407 without credentials. */
  startTinyproxy(options?: { password?: string; port?: number }): Promise<void>;
  /** An HTTPS proxy (TLS to the proxy, as PAC's `HTTPS host:port`): socat's TLS in front of a running tinyproxy. */
  startTlsProxy(certificate: IssuedCertificate, port?: number): Promise<void>;
  /** A listener on the proxy port that accepts and then says nothing (`hang`) or sends garbage. */
  startBrokenProxy(how: 'hang' | 'garbage', port?: number): Promise<void>;
  /** Only the proxy reaches the web: the router rejects the client's own connections to ports 80 and 443. */
  mandatoryProxy(): Promise<void>;
  /** The VPN: the client's tun0 carried over UDP to the server end. `routes`: 'default' or some prefixes. */
  startVpn(routes: 'default' | string[]): Promise<void>;
  /** The VPN server stops answering (nothing comes back from it): the client's tunnel stays up. */
  silenceVpnServer(): Promise<void>;
  /** IPv6 on every link, with a default route; `blackhole`: the router drops what it should forward. */
  dualStack(options: { blackhole: boolean }): Promise<void>;
  /** IPv6 only for the client: DNS64 (unbound) on the router, NAT64 (tayga) to the IPv4 internet. */
  ipv6OnlyWithNat64(): Promise<void>;
  undo(): Promise<void>;
}

function spawnDaemon(label: string, namespace: string, command: string, args: string[]): ChildProcess {
  const child = spawn('ip', ['netns', 'exec', namespace, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  trackLabChild(child);
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-2000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', (code, signal) => {
    if (code !== 0 && code !== 143 && code !== null && signal === null)
      process.stderr.write(`lab ${label} exited ${code}: ${tail}\n`);
  });
  return child;
}

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until something listens on a TCP port in the namespace (ss), or fails naming the daemon. */
async function untilListening(namespace: string, port: number, label: string, protocol = 'tcp'): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const listening = await execIn(namespace, 'ss', [protocol === 'tcp' ? '-ltnH' : '-lunH', `sport = :${port}`]);
    if (listening.trim()) return;
    await after(100);
  }
  throw new Error(`${label} did not start listening on ${protocol} port ${port}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

export function networkParts(names: LabNamespaces, workDir: string): NetworkParts {
  const daemons: ChildProcess[] = [];
  let counter = 0;
  const dir = async (label: string) => {
    counter += 1;
    const path = join(workDir, `${label}-${counter}`);
    await mkdir(path, { recursive: true });
    return path;
  };
  /** The router's own lookups (tinyproxy's, unbound's) go to the lab's public resolver, never the host's. */
  const routerResolvConf = async () => {
    await mkdir(join('/etc/netns', names.router), { recursive: true });
    await writeFile(join('/etc/netns', names.router, 'resolv.conf'), `nameserver ${ROUTER_UPSTREAM_RESOLVER}\n`);
  };

  /** One rule on what the router forwards, in a table of its own (the lab's namespaces go with their rules). */
  const routerForwardRule = (family: 'inet' | 'ip6', table: string, rule: string) =>
    nftIn(
      names.router,
      `table ${family} ${table} {
  chain forward {
    type filter hook forward priority 0; policy accept;
    ${rule}
  }
}`,
    );

  return {
    async startTinyproxy(options = {}) {
      await routerResolvConf();
      const port = options.port ?? PROXY_PORT;
      const folder = await dir('tinyproxy');
      const lines = [
        `Port ${port}`,
        `Listen ${ROUTER_LAN_ADDRESS}`,
        'User nobody',
        'Group nogroup',
        'Timeout 20',
        'MaxClients 50',
        'LogLevel Error',
        `PidFile "${folder}/tinyproxy.pid"`,
        'ConnectPort 443',
        'DisableViaHeader Yes',
      ];
      if (options.password) lines.push(`BasicAuth lab ${options.password}`);
      await writeFile(join(folder, 'tinyproxy.conf'), `${lines.join('\n')}\n`);
      daemons.push(spawnDaemon('tinyproxy', names.router, 'tinyproxy', ['-d', '-c', join(folder, 'tinyproxy.conf')]));
      await untilListening(names.router, port, 'tinyproxy');
    },

    async startTlsProxy(certificate, port = TLS_PROXY_PORT) {
      const folder = await dir('tls-proxy');
      await writeFile(join(folder, 'cert.pem'), certificate.certPem);
      await writeFile(join(folder, 'key.pem'), certificate.keyPem, { mode: 0o600 });
      daemons.push(
        spawnDaemon('tls proxy', names.router, 'socat', [
          `OPENSSL-LISTEN:${port},bind=${ROUTER_LAN_ADDRESS},reuseaddr,fork,cert=${folder}/cert.pem,key=${folder}/key.pem,verify=0`,
          `TCP:${ROUTER_LAN_ADDRESS}:${PROXY_PORT}`,
        ]),
      );
      await untilListening(names.router, port, 'socat tls proxy');
    },

    async startBrokenProxy(how, port = PROXY_PORT) {
      const reply = how === 'hang' ? 'SYSTEM:sleep 60' : 'SYSTEM:echo SSH-2.0-OpenSSH garbage-not-http && sleep 2';
      daemons.push(
        spawnDaemon(`proxy (${how})`, names.router, 'socat', [
          `TCP-LISTEN:${port},bind=${ROUTER_LAN_ADDRESS},reuseaddr,fork`,
          reply,
        ]),
      );
      await untilListening(names.router, port, `socat proxy (${how})`);
    },

    async mandatoryProxy() {
      await routerForwardRule(
        'inet',
        'owlab_proxy',
        `iifname "${ROUTER_LAN_LINK}" tcp dport { 80, 443 } reject with tcp reset`,
      );
    },

    async startVpn(routes) {
      const vpnServer = spawnDaemon('vpn server', names.internet, 'socat', [
        `UDP-LISTEN:${VPN_SERVER.port},bind=${VPN_SERVER.address},reuseaddr`,
        `TUN:${TUNNEL.server}/${TUNNEL.prefix},tun-name=tunsrv,iff-up`,
      ]);
      daemons.push(vpnServer);
      await untilListening(names.internet, VPN_SERVER.port, 'the VPN server', 'udp');
      daemons.push(
        spawnDaemon('vpn client', names.client, 'socat', [
          `UDP:${VPN_SERVER.address}:${VPN_SERVER.port},bind=${'198.18.1.2'}`,
          `TUN:${TUNNEL.client}/${TUNNEL.prefix},tun-name=${TUNNEL.device},iff-up`,
        ]),
      );
      for (let attempt = 0; attempt < 50; attempt++) {
        const link = await ipIn(names.client, '-o', 'addr', 'show', 'dev', TUNNEL.device).catch(() => '');
        if (link.includes(TUNNEL.client)) break;
        await after(100);
      }
      // The tunnel's own packets keep going via the router; what it carries goes in.
      await ipIn(
        names.client,
        'route',
        'replace',
        `${VPN_SERVER.address}/32`,
        'via',
        ROUTER_LAN_ADDRESS,
        'dev',
        CLIENT_LINK,
      );
      if (routes === 'default') {
        await ipIn(names.client, 'route', 'replace', 'default', 'dev', TUNNEL.device);
      } else {
        for (const prefix of routes) await ipIn(names.client, 'route', 'replace', prefix, 'dev', TUNNEL.device);
      }
      // The first datagram from the client tells socat's UDP-LISTEN where its peer is.
      await execIn(names.client, 'ping', ['-c', '1', '-W', '2', TUNNEL.server]).catch(() => '');
    },

    async silenceVpnServer() {
      // Its packets vanish on the way (a server that died without a word, or a path that lost it):
      // the client's tunnel stays up, as VPN clients keep theirs until they notice.
      await routerForwardRule('inet', 'owlab_vpn', `ip daddr ${VPN_SERVER.address} udp dport ${VPN_SERVER.port} drop`);
    },

    async dualStack({ blackhole }) {
      await ipIn(names.client, '-6', 'addr', 'add', `${V6.clientLan}/64`, 'dev', CLIENT_LINK, 'nodad');
      await ipIn(names.router, '-6', 'addr', 'add', `${V6.routerLan}/64`, 'dev', ROUTER_LAN_LINK, 'nodad');
      await ipIn(names.router, '-6', 'addr', 'add', `${V6.routerWan}/64`, 'dev', ROUTER_WAN_LINK, 'nodad');
      await ipIn(names.internet, '-6', 'addr', 'add', `${V6.internetWan}/64`, 'dev', INTERNET_LINK, 'nodad');
      await ipIn(names.client, '-6', 'route', 'replace', 'default', 'via', V6.routerLan, 'dev', CLIENT_LINK);
      await ipIn(names.router, '-6', 'route', 'replace', V6.sites, 'via', V6.internetWan);
      await ipIn(names.internet, '-6', 'route', 'replace', 'default', 'via', V6.routerWan);
      await execIn(names.router, 'sysctl', ['-q', '-w', 'net.ipv6.conf.all.forwarding=1']);
      if (blackhole) {
        // The ISP's IPv6 "works" up to the router and goes nowhere after it: SYNs vanish.
        await routerForwardRule('ip6', 'owlab_v6', `iifname "${ROUTER_LAN_LINK}" drop`);
      }
    },

    async ipv6OnlyWithNat64() {
      await routerResolvConf();
      await ipIn(names.client, '-6', 'addr', 'add', `${V6.clientLan}/64`, 'dev', CLIENT_LINK, 'nodad');
      await ipIn(names.router, '-6', 'addr', 'add', `${V6.routerLan}/64`, 'dev', ROUTER_LAN_LINK, 'nodad');
      await ipIn(names.client, '-6', 'route', 'replace', 'default', 'via', V6.routerLan, 'dev', CLIENT_LINK);
      // No IPv4 route out of the client: an IPv6-only network (the address stays, as a link-local would).
      await ipIn(names.client, 'route', 'del', 'default').catch(() => '');
      await execIn(names.router, 'sysctl', ['-q', '-w', 'net.ipv6.conf.all.forwarding=1']);
      const folder = await dir('dns64');
      await writeFile(
        join(folder, 'unbound.conf'),
        [
          'server:',
          `  interface: ${V6.routerLan}`,
          '  port: 53',
          '  do-daemonize: no',
          '  use-syslog: no',
          '  username: ""',
          '  chroot: ""',
          `  directory: "${folder}"`,
          `  pidfile: "${folder}/unbound.pid"`,
          '  access-control: 2001:2::/48 allow',
          '  module-config: "dns64 iterator"',
          `  dns64-prefix: ${V6.nat64}`,
          '  do-not-query-localhost: no',
          '  qname-minimisation: no',
          '  harden-referral-path: no',
          // The lab's names live under .test, which unbound serves empty by default (RFC 6761).
          '  local-zone: "test." nodefault',
          'forward-zone:',
          '  name: "."',
          `  forward-addr: ${ROUTER_UPSTREAM_RESOLVER}`,
          '',
        ].join('\n'),
      );
      daemons.push(spawnDaemon('unbound dns64', names.router, 'unbound', ['-d', '-c', join(folder, 'unbound.conf')]));
      await untilListening(names.router, 53, 'unbound dns64', 'udp');
      // NAT64: tayga's tun device on the router translates the prefix to a pool of lab IPv4 addresses.
      const tayga = await dir('tayga');
      await writeFile(
        join(tayga, 'tayga.conf'),
        [
          'tun-device nat64',
          'ipv4-addr 198.18.5.1',
          `prefix ${V6.nat64}`,
          'dynamic-pool 198.18.5.0/24',
          `data-dir ${tayga}`,
          '',
        ].join('\n'),
      );
      await execIn(names.router, 'tayga', ['-c', join(tayga, 'tayga.conf'), '--mktun']);
      await ipIn(names.router, 'link', 'set', 'nat64', 'up');
      await ipIn(names.router, 'addr', 'add', '198.18.5.254/32', 'dev', 'nat64');
      await ipIn(names.router, '-6', 'addr', 'add', '2001:2:0:5::1/128', 'dev', 'nat64');
      await ipIn(names.router, 'route', 'add', '198.18.5.0/24', 'dev', 'nat64');
      await ipIn(names.router, '-6', 'route', 'add', V6.nat64, 'dev', 'nat64');
      daemons.push(spawnDaemon('tayga', names.router, 'tayga', ['-d', '-c', join(tayga, 'tayga.conf')]));
      // The internet answers the pool through the router.
      await ipIn(names.internet, 'route', 'replace', '198.18.5.0/24', 'via', '198.18.2.1');
      await after(300);
      // The client's system resolver is the DNS64 one.
      await writeFile(
        join('/etc/netns', names.client, 'resolv.conf'),
        `nameserver ${V6.routerLan}\noptions timeout:1 attempts:1\n`,
      );
    },

    async undo() {
      for (const child of daemons.splice(0)) await stop(child);
      await ipIn(names.client, 'link', 'del', TUNNEL.device).catch(() => '');
      await ipIn(names.internet, 'link', 'del', 'tunsrv').catch(() => '');
      await ipIn(names.router, 'link', 'del', 'nat64').catch(() => '');
      await ipIn(names.internet, 'route', 'del', '198.18.5.0/24').catch(() => '');
      await ipIn(names.client, 'route', 'del', `${VPN_SERVER.address}/32`).catch(() => '');
      for (const [namespace, link] of [
        [names.client, CLIENT_LINK],
        [names.router, ROUTER_LAN_LINK],
        [names.router, ROUTER_WAN_LINK],
        [names.internet, INTERNET_LINK],
      ] as const) {
        await ipIn(namespace, '-6', 'addr', 'flush', 'dev', link, 'scope', 'global').catch(() => '');
      }
      await ipIn(names.client, '-6', 'route', 'flush', 'default').catch(() => '');
      await writeFile(
        join('/etc/netns', names.client, 'resolv.conf'),
        `nameserver ${ROUTER_LAN_ADDRESS}\noptions timeout:1 attempts:1\n`,
      );
    },
  };
}

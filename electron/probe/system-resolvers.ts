// Which resolvers to compare: the system's (what this machine really uses) and
// the configured public ones. On Linux the system's come from /etc/resolv.conf,
// read directly so we see what glibc sees; elsewhere from node:dns, whose
// c-ares backend asks the OS API.
import { getServers } from 'node:dns';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { parseAddress, type Config } from '../contracts/config';
import type { ResolverRef } from '../contracts/probe-results';

const DNS_PORT = 53;
/** glibc uses only the first three nameserver lines (MAXNS). */
const MAX_SYSTEM_RESOLVERS = 3;

function systemResolver(index: number, address: string, port: number): ResolverRef {
  return { name: `System ${index + 1}`, address, port, role: 'system' };
}

/** True for an IPv6 literal with an optional zone (`fe80::1%eth0`). */
function isScopedIpv6(text: string): boolean {
  const at = text.indexOf('%');
  if (at < 0) return false;
  const zone = text.slice(at + 1);
  return net.isIPv6(text.slice(0, at)) && /^[\w.-]{1,64}$/.test(zone);
}

/**
 * The resolvers a resolv.conf names: `nameserver` lines (IPv4, IPv6, scoped
 * IPv6), comments after `#` or `;` ignored, bad addresses and duplicates
 * skipped, at most the first three (as glibc does).
 */
export function parseResolvConf(text: string): ResolverRef[] {
  const addresses: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/[#;].*$/, '').trim();
    const [keyword, value] = line.split(/\s+/);
    if (keyword !== 'nameserver' || value === undefined) continue;
    if (net.isIP(value) === 0 && !isScopedIpv6(value)) continue;
    if (!addresses.includes(value)) addresses.push(value);
  }
  return addresses.slice(0, MAX_SYSTEM_RESOLVERS).map((address, i) => systemResolver(i, address, DNS_PORT));
}

/** node:dns getServers() entries: `1.2.3.4`, `1.2.3.4:5353`, `::1`, `[::1]:5353`. */
export function parseServerList(servers: string[]): ResolverRef[] {
  const refs: ResolverRef[] = [];
  for (const server of servers) {
    const parsed = parseAddress(server, DNS_PORT);
    if ('error' in parsed) continue;
    if (refs.some((r) => r.address === parsed.address && r.port === parsed.port)) continue;
    refs.push(systemResolver(refs.length, parsed.address, parsed.port));
  }
  return refs;
}

export interface SystemResolverOptions {
  platform?: NodeJS.Platform;
  /** Linux only; default /etc/resolv.conf. */
  resolvConfPath?: string;
}

/**
 * The machine's resolvers, role 'system', named "System 1", "System 2"...
 * Empty when none are configured (no network set up): the caller says so.
 */
export async function systemResolvers(options: SystemResolverOptions = {}): Promise<ResolverRef[]> {
  const platform = options.platform ?? process.platform;
  if (platform === 'linux') {
    try {
      return parseResolvConf(await readFile(options.resolvConfPath ?? '/etc/resolv.conf', 'utf8'));
    } catch {
      // No readable resolv.conf (containers, odd set-ups): fall back to what c-ares found.
    }
  }
  return parseServerList(getServers());
}

/**
 * The resolvers one round compares, system ones first: `resolvers.system`
 * "auto" asks the OS, an explicit list is taken as given; then the public ones.
 * The config is already validated, so a bad address here is a programming error.
 */
export async function resolversFromConfig(
  config: Pick<Config, 'resolvers'>,
  options: SystemResolverOptions = {},
): Promise<ResolverRef[]> {
  const parse = (text: string) => {
    const parsed = parseAddress(text, DNS_PORT);
    if ('error' in parsed) throw new Error(`resolvers: ${parsed.error}`);
    return parsed;
  };
  const system =
    config.resolvers.system === 'auto'
      ? await systemResolvers(options)
      : config.resolvers.system.map((text, i) => {
          const { address, port } = parse(text);
          return systemResolver(i, address, port);
        });
  const publicResolvers = config.resolvers.public.map(({ name, address: text }): ResolverRef => {
    const { address, port } = parse(text);
    return { name, address, port, role: 'public' };
  });
  return [...system, ...publicResolvers];
}

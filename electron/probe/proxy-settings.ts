// Which proxy each URL goes through, as the person's apps see it: from
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY for the command line (curl's rules), or
// from the system's settings and PAC script as Chromium resolves them (the
// Electron app hands those results in: resolveProxy's "PROXY host:port; DIRECT").
import { isIP } from 'node:net';
import type { ProxyOutcome, ProxySource } from '../contracts/probe-results';
import { isLoopbackHost } from '../contracts/config';

/** An HTTP proxy the probe can speak to: plain (`http://`) or over TLS (`https://`). */
export interface HttpProxyRoute {
  kind: 'http';
  /** As shown to people: scheme, host and port, never credentials. */
  display: string;
  host: string;
  port: number;
  tls: boolean;
  source: ProxySource;
  /** `Basic …` from credentials in the proxy URL, sent as Proxy-Authorization; null without. */
  authorization: string | null;
}

export type ProxyRoute =
  | { kind: 'direct' }
  | HttpProxyRoute
  /** A setting we cannot follow: the probe goes direct, and the evidence says why. */
  | {
      kind: 'unusable';
      outcome: Extract<ProxyOutcome, 'unsupported' | 'invalid-setting'>;
      setting: string;
      source: ProxySource;
    };

/** The route of one URL. */
export type ProxyLookup = (url: string) => ProxyRoute;

/** Asked once a round with every URL it will probe; answers the lookup for that round. */
export type ProxySettings = (urls: readonly string[]) => Promise<ProxyLookup>;

export const DIRECT: ProxyLookup = () => ({ kind: 'direct' });

/** Settings are shown in evidence: bounded, one line. */
function shown(text: string): string {
  // Credentials never reach the evidence, even in a setting we cannot parse.
  const line = text
    .replace(/\s+/g, ' ')
    .replace(/\/\/[^/@\s]*@/g, '//')
    .trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** `http://[user:pass@]host[:port]` (a bare `host:port` is http, as curl reads it). An error message, or the route. */
export function parseProxyUrl(
  text: string,
  source: ProxySource,
): HttpProxyRoute | { problem: string; unsupported: boolean } {
  const trimmed = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { problem: `"${shown(text)}" is not a proxy URL (example: http://proxy.example:3128)`, unsupported: false };
  }
  if (url.protocol.startsWith('socks'))
    return { problem: `"${shown(text)}" is a SOCKS proxy, which the checks cannot use`, unsupported: true };
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (defaultPort === undefined)
    return { problem: `"${shown(text)}": a proxy URL starts with http:// or https://`, unsupported: false };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) return { problem: `"${shown(text)}" names no proxy host`, unsupported: false };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    return {
      problem: `"${shown(text)}": a proxy URL has no path (example: http://proxy.example:3128)`,
      unsupported: false,
    };
  const port = url.port ? Number(url.port) : defaultPort;
  const credentials = url.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : null;
  const hostText = isIP(host) === 6 ? `[${host}]` : host;
  return {
    kind: 'http',
    display: `${url.protocol}//${hostText}:${port}`,
    host,
    port,
    tls: url.protocol === 'https:',
    source,
    authorization: credentials,
  };
}

/** One NO_PROXY entry against a URL's host and port: `*`, a domain (and its subdomains), an IP, a CIDR, each with an optional port. */
function noProxyEntryMatches(entry: string, host: string, port: number): boolean {
  if (entry === '*') return true;
  let name = entry;
  let entryPort: number | null = null;
  const portMatch = /^(.*[^:]):(\d+)$/.exec(entry);
  if (portMatch && !entry.startsWith('[') && (entry.match(/:/g) ?? []).length === 1) {
    name = portMatch[1] ?? entry;
    entryPort = Number(portMatch[2]);
  }
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) {
    name = bracketed[1] ?? name;
    entryPort = bracketed[2] ? Number(bracketed[2]) : null;
  }
  if (entryPort !== null && entryPort !== port) return false;
  const slash = name.indexOf('/');
  if (slash > 0 && isIP(host) !== 0) return inCidr(host, name.slice(0, slash), Number(name.slice(slash + 1)));
  const domain = name.replace(/^\*?\./, '').toLowerCase();
  if (!domain) return false;
  return host === domain || host.endsWith(`.${domain}`);
}

function ipv4Number(address: string): number {
  return address.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

function inCidr(address: string, network: string, bits: number): boolean {
  if (isIP(address) !== 4 || isIP(network) !== 4 || !(bits >= 0 && bits <= 32)) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(ipv4Number(address) / size) === Math.floor(ipv4Number(network) / size);
}

/** Does NO_PROXY exempt this URL? Loopback is never proxied (as Chromium and Go do). */
export function bypassesProxy(noProxy: string, target: URL): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopbackHost(host)) return true;
  const port = target.port ? Number(target.port) : (DEFAULT_PORTS[target.protocol] ?? 0);
  return noProxy
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .some((entry) => noProxyEntryMatches(entry, host, port));
}

function envValue(env: NodeJS.ProcessEnv, name: string): { name: string; value: string } | null {
  for (const variant of [name.toLowerCase(), name]) {
    const value = env[variant];
    if (value !== undefined && value.trim() !== '') return { name: variant, value };
  }
  return null;
}

/**
 * The command line's proxies: https URLs through HTTPS_PROXY, http URLs
 * through HTTP_PROXY (lower-case names first, as curl reads them), NO_PROXY
 * exempting hosts. A variable that names no usable proxy (malformed, SOCKS)
 * is an unusable route: the probes go direct and the evidence says why.
 */
export function envProxyLookup(env: NodeJS.ProcessEnv): ProxyLookup {
  const noProxy = envValue(env, 'NO_PROXY')?.value ?? '';
  const routes = new Map<string, ProxyRoute>();
  for (const [scheme, variable] of [
    ['https:', 'HTTPS_PROXY'],
    ['http:', 'HTTP_PROXY'],
  ] as const) {
    const found = envValue(env, variable);
    if (!found) continue;
    const parsed = parseProxyUrl(found.value, 'env');
    routes.set(
      scheme,
      'problem' in parsed
        ? {
            kind: 'unusable',
            outcome: parsed.unsupported ? 'unsupported' : 'invalid-setting',
            setting: `${found.name}=${shown(found.value)}`,
            source: 'env',
          }
        : parsed,
    );
  }
  if (routes.size === 0) return DIRECT;
  return (text) => {
    const url = URL.parse(text);
    if (!url) return { kind: 'direct' };
    const route = routes.get(url.protocol);
    return route && !bypassesProxy(noProxy, url) ? route : { kind: 'direct' };
  };
}

/** The command line's proxy settings, read once from the environment. */
export function envProxySettings(env: NodeJS.ProcessEnv): ProxySettings {
  const lookup = envProxyLookup(env);
  return async () => lookup;
}

/**
 * One resolveProxy answer (Chromium's PAC result: `DIRECT`, `PROXY host:port`,
 * `HTTPS host:port`, `SOCKS5 host:port`, `;`-separated, tried in order). The
 * first entry is what the app uses while it works.
 */
export function parsePacResult(text: string): ProxyRoute {
  const first = text.split(';')[0]?.trim() ?? '';
  const [type = '', address = '', ...rest] = first.split(/\s+/);
  const keyword = type.toUpperCase();
  if (keyword === 'DIRECT' && !address) return { kind: 'direct' };
  const setting = shown(text);
  if (/^SOCKS[45]?$/.test(keyword) && address && rest.length === 0)
    return { kind: 'unusable', outcome: 'unsupported', setting, source: 'system' };
  if ((keyword === 'PROXY' || keyword === 'HTTPS') && address && rest.length === 0) {
    const parsed = parseProxyUrl(`${keyword === 'HTTPS' ? 'https' : 'http'}://${address}`, 'system');
    if (!('problem' in parsed)) return parsed;
  }
  return { kind: 'unusable', outcome: 'invalid-setting', setting, source: 'system' };
}

/** Routes from a table of resolveProxy answers (what main hands over); a URL not in it goes direct. */
export function pacLookup(answers: ReadonlyMap<string, string>): ProxyLookup {
  const routes = new Map([...answers].map(([url, pac]) => [url, parsePacResult(pac)]));
  return (url) => {
    const parsed = URL.parse(url);
    if (parsed && isLoopbackHost(parsed.hostname)) return { kind: 'direct' };
    return routes.get(url) ?? { kind: 'direct' };
  };
}

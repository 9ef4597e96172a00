// What the idle benchmark watches in the namespace lab (e2e/lab): 20 healthy
// apps, half of them behind us-east-1 load balancers (CNAMEs), the lab's two
// controls and captive check, and every catalog canary under its real name on
// a lab address, so `canaries: "auto"` picks and probes them as it would in
// real life. The config holds only what the lab forces; everything else is
// the product's default. And the traffic the lab's internet saw, sorted by
// who it reached and what it was for.
import type { ConfigInput } from '../../electron/contracts/config';
import {
  CLIENT_ADDRESS,
  PUBLIC_RESOLVERS,
  ROUTER_UPSTREAM_RESOLVER,
  ROUTER_WAN_ADDRESS,
} from '../../e2e/lab/lab-addresses';
import { CATALOG_CANARY_SITES, CONTROL_SITES, type LabApp } from '../../e2e/lab/lab-sites';
import { labConfig, type Lab } from '../../e2e/lab/lab';
import { site, type InternetTraffic, type LabSite } from '../../e2e/lab/lab-world';

export const IDLE_APPS = 20;

export const IDLE_APP_LIST: LabApp[] = Array.from({ length: IDLE_APPS }, (_, i) => {
  const id = `app-${i + 1}`;
  const hostname = `${id}.lab.test`;
  return {
    config: { id, name: `App ${i + 1}`, url: `https://${hostname}/` },
    site: site(id, hostname, `198.19.10.${i + 10}`, {
      ...(i % 2 ? { cnameChain: [`${id}-web-1234567890.us-east-1.elb.amazonaws.com`] } : {}),
    }),
  };
});

const [CONTROL_A, CONTROL_B, CAPTIVE] = CONTROL_SITES;

export function idleSites(): LabSite[] {
  return [...CONTROL_SITES, ...IDLE_APP_LIST.map((app) => app.site), ...CATALOG_CANARY_SITES];
}

/**
 * The lab's config without what is already the product's default: the apps,
 * lab addresses for the public resolvers (as many as the defaults: 3), the
 * controls (2) and the captive check, and the lab's CA. Gateway `auto` (the
 * lab router), system resolver `auto` (the router, from the client's
 * resolv.conf), canaries `auto`, interval, timeout, language: the defaults.
 */
export function idleConfig(lab: Lab): ConfigInput {
  const {
    timeoutMs: _timeout,
    language: _language,
    canaries: _canaries,
    gateway: _gateway,
    ...forced
  } = labConfig(
    lab,
    IDLE_APP_LIST.map((app) => app.config),
  );
  return forced;
}

/** The resolvers as the client sees them: its system resolver is the router, which forwards each query to ROUTER_UPSTREAM_RESOLVER. */
export const RESOLVER_COLUMNS = [
  { name: 'system (router)', address: ROUTER_UPSTREAM_RESOLVER, from: ROUTER_WAN_ADDRESS },
  ...PUBLIC_RESOLVERS.map((resolver) => ({ name: resolver.name, address: resolver.address, from: CLIENT_ADDRESS })),
];

/** Queries one resolver column received, by "name type". */
export function columnQueries(traffic: InternetTraffic, column: (typeof RESOLVER_COLUMNS)[number]) {
  return traffic.resolvers.find((r) => r.address === column.address)?.queries[column.from] ?? {};
}

export const appNames = (app: LabApp) => [app.site.hostname, ...app.site.cnameChain];

export const CONTROL_HOSTS = [CONTROL_A?.hostname ?? '', CONTROL_B?.hostname ?? ''];
export const CAPTIVE_HOST = CAPTIVE?.hostname ?? '';

/** What a queried name is for. */
export function purposeOf(name: string): string {
  if (name.endsWith('.in-addr.arpa') || name.endsWith('.ip6.arpa')) return 'PTR (who serves an address)';
  if (IDLE_APP_LIST.some((app) => appNames(app).includes(name))) return 'app names';
  if (CONTROL_HOSTS.includes(name)) return 'control names';
  if (CATALOG_CANARY_SITES.some((canary) => canary.hostname === name)) return 'canary names';
  if (name === CAPTIVE_HOST) return 'captive check name';
  return `other (${name})`;
}

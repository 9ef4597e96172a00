// The lab's everyday internet: two controls, the captive check, and apps on
// three providers (AWS, Fastly, none), each attributed the way real clients
// learn it: from the config, from a CNAME chain, or from response headers.
// Also the sites of the AWS outage of 20 Oct 2025 that more than one lab file
// replays.
import { CATALOG_CANARIES } from '../../electron/catalog/index';
import type { ConfigInput } from '../../electron/contracts/config';
import type { ExpectedVerdict } from './lab-assert';
import { site, type DnsFailure, type LabSite, type SiteDns } from './lab-world';

export const CONTROL_SITES: LabSite[] = [
  site('control-a', 'control-a.lab.test', '198.19.0.10', { http: { kind: 'respond', status: 204 } }),
  site('control-b', 'control-b.lab.test', '198.19.0.11'),
  site('captive-check', 'captive.lab.test', '198.19.0.12', { http: { kind: 'respond', status: 204 } }),
];

/**
 * Every catalog canary under its real name on a lab address (198.19.4.0/24): the lab's resolvers answer
 * the name, so canaries `auto` picks are probed as in real life and nothing leaves the namespaces.
 */
export const CATALOG_CANARY_SITES: readonly LabSite[] = CATALOG_CANARIES.map((canary, index) =>
  site(canary.id, new URL(canary.url).hostname, `198.19.4.${10 + index}`),
);

/** The catalog canaries' sites with these ids. */
export function canarySites(ids: readonly string[]): LabSite[] {
  return ids.map((id) => {
    const found = CATALOG_CANARY_SITES.find((canary) => canary.id === id);
    if (!found) throw new Error(`no catalog canary "${id}"`);
    return found;
  });
}

/** An app as the config names it, and the site that serves it. */
export interface LabApp {
  config: Exclude<ConfigInput['apps'], undefined>[number];
  site: LabSite;
}

function customApp(id: string, name: string, url: string, extra: { provider?: string; region?: string } = {}) {
  return { id, name, url, ...extra };
}

export const AWS_APPS: LabApp[] = [
  {
    // Attributed by its CNAME to a us-east-1 load balancer.
    config: customApp('streamer', 'Streamer', 'https://streamer.lab.test/'),
    site: site('streamer', 'streamer.lab.test', '198.19.1.10', {
      cnameChain: ['streamer-web-1234567890.us-east-1.elb.amazonaws.com'],
    }),
  },
  {
    // Attributed by CloudFront's response header.
    config: customApp('shopfront', 'Shopfront', 'https://shopfront.lab.test/'),
    site: site('shopfront', 'shopfront.lab.test', '198.19.1.11', {
      http: {
        kind: 'respond',
        status: 200,
        headers: {
          'content-type': 'text/html',
          'x-amz-cf-id': 'lab-Zx1Qy8Kf3w==',
          via: '1.1 abc123.cloudfront.net (CloudFront)',
        },
        body: '<title>Shop</title>',
      },
    }),
  },
  {
    // Attributed by the user's config.
    config: customApp('assistant', 'Assistant', 'https://assistant.lab.test/', {
      provider: 'aws',
      region: 'us-east-1',
    }),
    site: site('assistant', 'assistant.lab.test', '198.19.1.12'),
  },
];

export const FASTLY_APPS: LabApp[] = [
  {
    config: customApp('newsdesk', 'Newsdesk', 'https://newsdesk.lab.test/'),
    site: site('newsdesk', 'newsdesk.lab.test', '198.19.2.10', {
      cnameChain: ['newsdesk.map.fastly.net'],
      http: {
        kind: 'respond',
        status: 200,
        headers: { 'content-type': 'text/html', via: '1.1 varnish', 'x-served-by': 'cache-iad-kiad7000001-IAD' },
        body: '<title>News</title>',
      },
    }),
  },
];

export const INDEPENDENT_APPS: LabApp[] = [
  {
    config: customApp('wiki', 'Wiki', 'https://wiki.lab.test/'),
    site: site('wiki', 'wiki.lab.test', '198.19.3.10'),
  },
];

export const ALL_APPS: LabApp[] = [...AWS_APPS, ...FASTLY_APPS, ...INDEPENDENT_APPS];

/** Sites that stay healthy through a scenario (the controls, the captive check, the independent app), and that app's config. */
export const BYSTANDER_SITES: LabSite[] = [...CONTROL_SITES, ...INDEPENDENT_APPS.map((app) => app.site)];
export const BYSTANDER_APPS = INDEPENDENT_APPS.map((app) => app.config);

/** An HTML page with this status and headers. */
export function htmlPage(status: number, headers: Record<string, string>, body: string): LabSite['http'] {
  return { kind: 'respond', status, headers: { 'content-type': 'text/html', ...headers }, body };
}

/** AWS us-east-1, 20 Oct 2025: the DynamoDB endpoint, as an app of the config. */
export const DYNAMODB_US_EAST_1 = {
  id: 'dynamodb',
  name: 'DynamoDB (us-east-1)',
  url: 'https://dynamodb.us-east-1.amazonaws.com/',
};

/** AWS us-east-1, 20 Oct 2025: what a client sees with the endpoint, Slack and Ring: one AWS us-east-1 outage, the endpoint included. */
export const US_EAST_1_OUTAGE_VERDICT: ExpectedVerdict = {
  scope: 'upstream',
  kind: 'provider-outage',
  layer: 'http',
  provider: 'aws',
  region: 'us-east-1',
  apps: ['dynamodb', 'ring', 'slack'],
};

/** AWS us-east-1, 20 Oct 2025: Slack and Ring behind us-east-1 load balancers answering the ELB's 500 and 503, at these names. */
export function usEast1ElbErrorSites(
  slack: { hostname: string; address: string },
  ring: { hostname: string; address: string },
): LabSite[] {
  return [
    site('slack', slack.hostname, slack.address, {
      cnameChain: ['slack-edge-2041.us-east-1.elb.amazonaws.com'],
      http: htmlPage(500, { server: 'awselb/2.0' }, '<h1>500 Internal Server Error</h1>'),
    }),
    site('ring', ring.hostname, ring.address, {
      cnameChain: ['ring-web-1094528421.us-east-1.elb.amazonaws.com'],
      http: htmlPage(503, { server: 'awselb/2.0' }, '<h1>503 Service Temporarily Unavailable</h1>'),
    }),
  ];
}

export function appIds(apps: LabApp[]): string[] {
  return apps.map((app) => app.site.id).sort();
}

/** The sites for a set of apps, each optionally changed (a fault at the source). */
export function sitesFor(apps: LabApp[], change: (site: LabSite) => LabSite = (s) => s): LabSite[] {
  return [...CONTROL_SITES, ...apps.map((app) => change(app.site))];
}

/** The same site answering with an error status, keeping its provider's headers (CDNs and load balancers sign their errors too). */
export function answering(
  status: number,
  body: string,
  extraHeaders: Record<string, string> = {},
): (site: LabSite) => LabSite {
  return (original) => {
    const headers = original.http.kind === 'respond' ? { ...(original.http.headers ?? {}) } : {};
    return {
      ...original,
      http: { kind: 'respond', status, headers: { ...headers, 'content-type': 'text/html', ...extraHeaders }, body },
    };
  };
}

export function hanging(original: LabSite): LabSite {
  return { ...original, http: { kind: 'hang' } };
}

export function dnsFailing(failure: DnsFailure, scope: SiteDns['scope']): (site: LabSite) => LabSite {
  return (original) => ({ ...original, dns: { failure, scope } });
}

/** Resolvers still answer the site's address, from their cache past expiry (EDE 3), while its DNS servers fail. */
export function servedStale(original: LabSite): LabSite {
  return { ...original, dns: { failure: 'stale', scope: 'target' } };
}

/** Changes only the sites of the given apps. */
export function changeApps(apps: LabApp[], change: (site: LabSite) => LabSite): (site: LabSite) => LabSite {
  const ids = new Set(apps.map((app) => app.site.id));
  return (original) => (ids.has(original.id) ? change(original) : original);
}

// What bench:detect breaks, and the lab internet it breaks: the lab's apps
// (3 AWS, 1 Fastly, 1 independent) plus a second Fastly app, and the catalog's
// provider canaries for those providers served by the lab under their real
// names (the lab's resolvers answer them with lab addresses; nothing leaves
// the namespaces).
import type { ConfigInput } from '../../electron/contracts/config';
import type { Lab } from '../../e2e/lab/lab';
import { block443, captivePortal, gatewayGone, linkDown, uplinkBlackholed } from '../../e2e/lab/lab-faults';
import {
  ALL_APPS,
  answering,
  appIds,
  AWS_APPS,
  canarySites,
  changeApps,
  CONTROL_SITES,
  dnsFailing,
  FASTLY_APPS,
  INDEPENDENT_APPS,
  servedStale,
  type LabApp,
} from '../../e2e/lab/lab-sites';
import { site, type LabSite } from '../../e2e/lab/lab-world';
import type { RouterFilter } from '../../e2e/lab/router-process';
import type { ExpectedVerdict } from './verdict-stream';

export interface Scenario {
  name: string;
  /**
   * local and upstream: the classes of issue 15's goals; filtered: a local
   * verdict about one app's name (blocked), seen by the full rounds (the
   * heartbeat asks for no app's name), so outside the local goal; degraded.
   */
  class: 'local' | 'filtered' | 'upstream' | 'degraded';
  /** The right verdict: its kind, and for verdicts about apps the provider and the apps it must name. */
  expect: ExpectedVerdict;
  inject: (lab: Lab) => Promise<void>;
}

const SECOND_FASTLY: LabApp = {
  config: { id: 'recipes', name: 'Recipes', url: 'https://recipes.lab.test/' },
  site: site('recipes', 'recipes.lab.test', '198.19.2.11', {
    cnameChain: ['recipes.global.ssl.fastly.net'],
    http: {
      kind: 'respond',
      status: 200,
      headers: { 'content-type': 'text/html', via: '1.1 varnish', 'x-served-by': 'cache-iad-kiad7000002-IAD' },
      body: '<title>Recipes</title>',
    },
  }),
};

const FASTLY = [...FASTLY_APPS, SECOND_FASTLY];

/** The catalog canaries of the providers the bench's apps are on (AWS us-east-1, Fastly), on lab addresses. */
const AWS_CANARIES = canarySites(['aws-dynamodb-us-east-1', 'aws-ec2-us-east-1', 'aws-s3-us-east-1']);
const FASTLY_CANARIES = canarySites(['fastly-edge', 'fastly-api']);

export function benchApps(): ConfigInput['apps'] {
  return [...ALL_APPS, SECOND_FASTLY].map((app) => app.config);
}

/** The healthy internet, each site optionally changed (a fault at the source). */
export function benchSites(change: (site: LabSite) => LabSite = (s) => s): LabSite[] {
  return [
    ...CONTROL_SITES,
    ...[...ALL_APPS, SECOND_FASTLY].map((app) => change(app.site)),
    ...[...AWS_CANARIES, ...FASTLY_CANARIES].map(change),
  ];
}

const ids = (apps: LabApp[], canaries: LabSite[]) =>
  new Set([...apps.map((a) => a.site.id), ...canaries.map((c) => c.id)]);

/** Changes the sites of these apps and canaries only. */
function only(targets: Set<string>, change: (site: LabSite) => LabSite): (site: LabSite) => LabSite {
  return (original) => (targets.has(original.id) ? change(original) : original);
}

const http503 = answering(503, '<h1>503 Service Unavailable</h1>');

/** The router's filter entries for these apps' names. */
function filtering(apps: LabApp[], how: RouterFilter): Record<string, RouterFilter> {
  return Object.fromEntries(apps.map((app) => [app.site.hostname, how]));
}

export const DETECT_SCENARIOS: Scenario[] = [
  { name: 'link down', class: 'local', expect: { kind: 'offline' }, inject: (lab) => linkDown(lab.names) },
  { name: 'gateway gone', class: 'local', expect: { kind: 'lan' }, inject: (lab) => gatewayGone(lab.names) },
  { name: 'uplink blackholed', class: 'local', expect: { kind: 'isp' }, inject: (lab) => uplinkBlackholed(lab.names) },
  {
    name: 'router DNS SERVFAIL',
    class: 'local',
    expect: { kind: 'dns-local' },
    inject: (lab) => lab.setRouterDns('servfail'),
  },
  // A filter on this network refuses one app while public resolvers answer it (docs/contracts.md: blocked).
  {
    name: 'router filter sinkholes one app',
    class: 'filtered',
    expect: { kind: 'blocked', apps: appIds(INDEPENDENT_APPS) },
    inject: (lab) => lab.setRouterFilter(filtering(INDEPENDENT_APPS, 'sinkhole')),
  },
  {
    name: 'router filter refuses one app (EDE 15)',
    class: 'filtered',
    expect: { kind: 'blocked', apps: appIds(INDEPENDENT_APPS) },
    inject: (lab) => lab.setRouterFilter(filtering(INDEPENDENT_APPS, 'refuse')),
  },
  {
    name: 'captive portal',
    class: 'local',
    expect: { kind: 'captive-portal' },
    inject: (lab) => captivePortal(lab.names),
  },
  {
    name: 'TCP 443 refused',
    class: 'local',
    expect: { kind: 'firewall' },
    inject: (lab) => block443(lab.names, 'refuse'),
  },
  {
    name: 'AWS apps answer 503',
    class: 'upstream',
    expect: { kind: 'provider-outage', provider: 'aws', apps: appIds(AWS_APPS) },
    inject: (lab) => lab.setSites(benchSites(only(ids(AWS_APPS, AWS_CANARIES), http503))),
  },
  {
    name: 'Fastly apps answer 503',
    class: 'upstream',
    expect: { kind: 'provider-outage', provider: 'fastly', apps: appIds(FASTLY) },
    inject: (lab) => lab.setSites(benchSites(only(ids(FASTLY, FASTLY_CANARIES), http503))),
  },
  {
    name: 'AWS names SERVFAIL everywhere',
    class: 'upstream',
    expect: { kind: 'provider-outage', provider: 'aws', apps: appIds(AWS_APPS) },
    inject: (lab) =>
      lab.setSites(benchSites(only(ids(AWS_APPS, AWS_CANARIES.slice(0, 1)), dnsFailing('servfail', 'target')))),
  },
  {
    name: 'one app answers 502',
    class: 'upstream',
    expect: { kind: 'app-outage', apps: appIds(INDEPENDENT_APPS) },
    inject: (lab) => lab.setSites(benchSites(changeApps(INDEPENDENT_APPS, answering(502, '<h1>502 Bad Gateway</h1>')))),
  },
  {
    name: 'uplink +800 ms round trip',
    class: 'degraded',
    expect: { kind: 'degraded' },
    inject: (lab) => lab.slowUplink(800),
  },
  // Its DNS servers fail and resolvers answer from cache (docs/contracts.md: degraded, upstream at dns).
  {
    name: 'one app served stale (EDE 3)',
    class: 'degraded',
    expect: { kind: 'degraded', apps: appIds(INDEPENDENT_APPS) },
    inject: (lab) => lab.setSites(benchSites(changeApps(INDEPENDENT_APPS, servedStale))),
  },
];

/** Faults that end after 2 s (the bench undoes them): no verdict may change. */
export const BLIP_SCENARIOS: { name: string; inject: (lab: Lab) => Promise<void> }[] = [
  { name: 'blip: uplink blackholed', inject: (lab) => uplinkBlackholed(lab.names) },
  {
    name: 'blip: AWS apps answer 503',
    inject: (lab) => lab.setSites(benchSites(only(ids(AWS_APPS, AWS_CANARIES), http503))),
  },
];

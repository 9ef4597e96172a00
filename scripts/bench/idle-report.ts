// The idle benchmark's tables (markdown, for BENCHMARKS.md): what a measured
// process tree cost, and what the lab's internet received from it per minute,
// sorted by who it reached and what it was for.
import type { InternetTraffic } from '../../e2e/lab/lab-world';
import { CATALOG_CANARY_SITES } from '../../e2e/lab/lab-sites';
import type { ProfileSummary } from './cpu-profile';
import {
  appNames,
  CAPTIVE_HOST,
  columnQueries,
  CONTROL_HOSTS,
  IDLE_APP_LIST,
  purposeOf,
  RESOLVER_COLUMNS,
} from './idle-world';
import type { TreeCost } from './process-tree';
import { median } from './stats';

export interface IdleMeasurement {
  label: string;
  cost: TreeCost;
  /** npm's own wrapper (not the project's), when the tree was started through npm. */
  wrapperPid: number | null;
  traffic: InternetTraffic;
  /** TCP connects (SYNs) the client sent to the router's ports 53, 80 and 443: the gateway look. */
  gatewayConnects: number;
  /** The last line the command printed, or what the peer says of its probes. */
  lastLine: string;
  profile: ProfileSummary | null;
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);

function reportCost(measured: IdleMeasurement): void {
  const { cost, wrapperPid } = measured;
  const project = cost.processes.filter((p) => p.pid !== wrapperPid);
  const projectRss = project.reduce((sum, p) => sum + p.maxRssKiB, 0) / 1024;
  console.log('| process | CPU (ms) | % of one core | max RSS (MiB) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const p of cost.processes) {
    // An empty command line is a child that ended and was not reaped yet.
    const role = p.pid === wrapperPid ? "npm's wrapper" : p.command || '(a child that ended)';
    console.log(
      `| ${role} | ${fmt(p.cpuMs, 0)} | ${fmt((100 * p.cpuMs) / cost.wallMs, 2)} | ${fmt(p.maxRssKiB / 1024)} |`,
    );
  }
  const own = wrapperPid === null ? '' : ` (without npm's wrapper: **${fmt(projectRss)}**)`;
  console.log(
    `| **whole tree** | ${fmt(cost.cpuMs, 0)} | **${fmt((100 * cost.cpuMs) / cost.wallMs, 2)}** | ${fmt(cost.maxTotalRssKiB / 1024)}${own} |`,
  );
}

/** Each app's busiest (name, type, resolver) in the window: what the "≤ 2 per type per resolver" goal is about. */
function busiestDnsPerApp(traffic: InternetTraffic): number[] {
  return IDLE_APP_LIST.map((app) => {
    let busiest = 0;
    for (const column of RESOLVER_COLUMNS) {
      const queries = columnQueries(traffic, column);
      for (const name of appNames(app))
        for (const type of ['A', 'AAAA', 'HTTPS']) busiest = Math.max(busiest, queries[`${name} ${type}`] ?? 0);
    }
    return busiest;
  });
}

function reportRequests(measured: IdleMeasurement, minutes: (n: number) => number): void {
  const { sites } = measured.traffic;
  const requests = (host: string) => Object.values(sites[host]?.https.requests ?? {}).reduce((a, b) => a + b, 0);
  const handshakes = (host: string) => Object.values(sites[host]?.https.handshakes ?? {}).reduce((a, b) => a + b, 0);
  const connections = (host: string) => sites[host]?.https.connections ?? 0;
  const row = (what: string, values: number[]) =>
    console.log(
      values.length === 0
        ? `| ${what} | - | - |`
        : `| ${what} | ${fmt(minutes(median(values)))} | ${fmt(minutes(Math.max(...values)))} |`,
    );
  console.log('\nPer minute, in the measured window:\n');
  console.log('| what | median | max |');
  console.log('| --- | ---: | ---: |');
  const appHosts = IDLE_APP_LIST.map((app) => app.site.hostname);
  row('HTTP requests per app', appHosts.map(requests));
  row('TCP connections per app (port 443)', appHosts.map(connections));
  row('TLS handshakes per app', appHosts.map(handshakes));
  row('DNS queries per app name, per type, per resolver (the app\u2019s busiest)', busiestDnsPerApp(measured.traffic));
  row('HTTP requests per control', CONTROL_HOSTS.map(requests));
  row('TCP connections per control (port 443)', CONTROL_HOSTS.map(connections));
  row('TLS handshakes per control', CONTROL_HOSTS.map(handshakes));
  const canaries = CATALOG_CANARY_SITES.filter((canary) => connections(canary.hostname) > 0);
  const canaryIds = canaries.map((c) => c.id).join(', ') || 'none';
  row(
    `HTTP requests per canary looked at (${canaryIds})`,
    canaries.map((c) => requests(c.hostname)),
  );
  row(
    'TCP connections per canary looked at (port 443)',
    canaries.map((c) => connections(c.hostname)),
  );
  const captive = Object.values(sites[CAPTIVE_HOST]?.http.requests ?? {}).reduce((a, b) => a + b, 0);
  row('captive check requests (HTTP)', [captive]);
  row('gateway looks (TCP connects to the router)', [measured.gatewayConnects]);
  const https = Object.values(sites).map((site) => site.https);
  const total = (pick: (t: (typeof https)[number]) => number) => https.reduce((sum, t) => sum + pick(t), 0);
  const allHandshakes = total((t) => Object.values(t.handshakes).reduce((a, b) => a + b, 0));
  console.log(`| TCP connections to all HTTPS servers, in all | ${fmt(minutes(total((t) => t.connections)))} | |`);
  console.log(
    `| TLS handshakes in all, of them resumed | ${fmt(minutes(allHandshakes))}, ${fmt(minutes(total((t) => t.resumedHandshakes)))} | |`,
  );
}

function reportDns(traffic: InternetTraffic, minutes: (n: number) => number): void {
  const byPurpose = new Map<string, Map<string, number>>();
  const byType = new Map<string, number>();
  for (const column of RESOLVER_COLUMNS) {
    for (const [key, count] of Object.entries(columnQueries(traffic, column))) {
      const [name = '', type = ''] = key.split(' ');
      const purpose = purposeOf(name);
      const row = byPurpose.get(purpose) ?? new Map<string, number>();
      row.set(column.name, (row.get(column.name) ?? 0) + count);
      byPurpose.set(purpose, row);
      byType.set(`${purpose} ${type}`, (byType.get(`${purpose} ${type}`) ?? 0) + count);
    }
  }
  const names = RESOLVER_COLUMNS.map((c) => c.name);
  console.log('\nDNS queries per minute, by what they are for:\n');
  console.log(`| for | ${names.join(' | ')} | all | by type |`);
  console.log(`| --- | ${names.map(() => '---:').join(' | ')} | ---: | --- |`);
  let total = 0;
  for (const [purpose, counts] of [...byPurpose].sort(([a], [b]) => a.localeCompare(b))) {
    const all = [...counts.values()].reduce((a, b) => a + b, 0);
    total += all;
    const types = [...byType]
      .filter(([key]) => key.startsWith(`${purpose} `))
      .map(([key, count]) => `${key.slice(purpose.length + 1)} ${fmt(minutes(count))}`)
      .join(', ');
    console.log(
      `| ${purpose} | ${names.map((n) => fmt(minutes(counts.get(n) ?? 0))).join(' | ')} | ${fmt(minutes(all))} | ${types} |`,
    );
  }
  console.log(`| **all** | ${names.map(() => '').join(' | ')} | **${fmt(minutes(total))}** | |`);
}

function reportProfile(profile: ProfileSummary): void {
  console.log(`\nThe engine's CPU profile of the window: ${fmt(profile.busyMs, 0)} ms sampled busy.\n`);
  console.log('| where | ms | share |');
  console.log('| --- | ---: | ---: |');
  for (const { place, ms } of profile.byPlace.slice(0, 14)) {
    console.log(`| ${place} | ${fmt(ms, 0)} | ${fmt((100 * ms) / profile.busyMs, 0)} % |`);
  }
  console.log('\n| function (self time) | where | ms |');
  console.log('| --- | --- | ---: |');
  for (const { name, place, ms } of profile.byFunction.slice(0, 15))
    console.log(`| ${name} | ${place} | ${fmt(ms, 1)} |`);
}

export function reportIdle(measured: IdleMeasurement): void {
  const minutes = (n: number) => (n * 60_000) / measured.cost.wallMs;
  console.log(`\n### ${measured.label}\n`);
  console.log(`${measured.lastLine.slice(0, 160)}\n`);
  reportCost(measured);
  reportRequests(measured, minutes);
  reportDns(measured.traffic, minutes);
  if (measured.profile) reportProfile(measured.profile);
}

// Three real `watch` instances, each in its own loopback world with its own
// site label, push to one real Prometheus that loads the fleet rules. AWS
// fails for everyone (first in cairo), then riyadh's uplink is cut: the
// cookbook's queries (docs/fleet.md) and alerts give the expected answers.
// Prometheus is reached over the company network, so riyadh still reports.
// The rules are a copy with a short `for:`, so the alerts fire within the test.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startLoopbackWorld, type LoopbackWorld } from '../../electron/testkit/loopback-world';
import { prometheusSkipReason, startPrometheus, type RunningPrometheus } from '../../electron/testkit/prometheus';
import { WatchProcess } from '../../electron/testkit/watch-process';
import { WORLD_APPS } from '../../electron/testkit/world-apps';

const missing = prometheusSkipReason();
const SITES = ['cairo', 'dubai', 'riyadh'] as const;
type Site = (typeof SITES)[number];
const AWS_APPS = ['alexa', 'primevideo', 'slack'];
const AWS_503 = {
  kind: 'respond',
  status: 503,
  headers: { server: 'awselb/2.0' },
  body: 'Service Unavailable',
} as const;
const RULES = join(import.meta.dirname, '..', '..', 'resources', 'fleet', 'outage-watch.rules.yml');
/** The alerts' `for:` in the test copy of the rules (the file's own is minutes). */
const TEST_FOR = '3s';

/** docs/fleet.md, verbatim. */
const QUERIES = {
  providerDown: 'count by (provider) (outagewatch_verdict_info{kind="provider-outage"})',
  localPerSite: 'count by (site) (outagewatch_verdict_info{scope="local"})',
  firstToSee:
    'bottomk(1, min_over_time(timestamp(outagewatch_verdict_info{kind="provider-outage", provider="aws"})[1h:]))',
};

let prometheus: RunningPrometheus;
let folder: string;
const worlds = new Map<Site, LoopbackWorld>();
const watches = new Map<Site, WatchProcess>();

before(async () => {
  if (missing) return;
  folder = await mkdtemp(join(tmpdir(), 'outage-watch-sites-'));
  prometheus = await startPrometheus({ ruleFiles: [await rulesWithShortFor(folder)] });
  for (const site of SITES) {
    const world = await startLoopbackWorld({ apps: WORLD_APPS });
    worlds.set(site, world);
    const config = await world.writeConfig(
      {
        intervalSeconds: 5,
        timeoutMs: 1000,
        export: { remoteWrite: { url: prometheus.writeUrl, intervalSeconds: 5 }, labels: { site } },
      },
      `${site}.json`,
    );
    watches.set(site, new WatchProcess(['--config', config, '--json-lines', '--data-dir', join(folder, site)]));
  }
});

after(async () => {
  if (missing) return;
  for (const watch of watches.values()) watch.kill();
  await Promise.all([prometheus?.stop(), ...[...worlds.values()].map((world) => world.close())]);
  await rm(folder, { recursive: true, force: true });
});

/** resources/fleet/outage-watch.rules.yml with every alert's `for:` set to TEST_FOR, in `into`. */
async function rulesWithShortFor(into: string): Promise<string> {
  const rules = await readFile(RULES, 'utf8');
  const alerts = rules.match(/^\s*- alert: /gm)?.length ?? 0;
  let rewritten = 0;
  const copy = rules.replace(/^(\s*)for: \S+$/gm, (_line, indent: string) => {
    rewritten += 1;
    return `${indent}for: ${TEST_FOR}`;
  });
  assert.ok(alerts > 0 && rewritten === alerts, `${rewritten} of ${alerts} alerts' for: rewritten`);
  const path = join(into, 'outage-watch.rules.yml');
  await writeFile(path, copy);
  return path;
}

const valuesBy = (label: string, samples: { metric: Record<string, string>; value: [number, string] }[]) =>
  Object.fromEntries(samples.map((sample) => [sample.metric[label] ?? '', Number(sample.value[1])]));

/** The active alerts of that name, pending or firing. */
async function alertsNamed(name: string) {
  return (await prometheus.alerts()).filter((alert) => alert.labels.alertname === name);
}

/** Waits until exactly one alert of that name is active and it fires (past its `for:`); returns its labels. */
async function firingAlone(name: string): Promise<Record<string, string>> {
  const [alert] = await prometheus.waitFor(
    `${name} firing`,
    () => alertsNamed(name),
    (alerts) => alerts.length === 1 && alerts[0]?.state === 'firing',
  );
  return alert?.labels ?? {};
}

test('AWS fails everywhere, then one site loses its uplink: the cookbook answers', { skip: missing }, async (t) => {
  const world = (site: Site) => worlds.get(site) as LoopbackWorld;
  const watch = (site: Site) => watches.get(site) as WatchProcess;
  for (const site of SITES) await watch(site).waitFor(0, (line) => line.verdict.kind === 'ok', `${site} ok`, 60_000);
  await prometheus.waitFor(
    'three machines reporting',
    () => prometheus.query('site:outagewatch_machines:count'),
    (result) => result.length === 3,
  );

  // Cairo sees it first.
  for (const id of AWS_APPS) world('cairo').setAppHttp(id, AWS_503);
  await prometheus.waitFor(
    'cairo sees the outage',
    () => prometheus.query(QUERIES.providerDown),
    (result) => valuesBy('provider', result).aws === 1,
  );
  for (const site of ['dubai', 'riyadh'] as const) for (const id of AWS_APPS) world(site).setAppHttp(id, AWS_503);
  const everyone = await prometheus.waitFor(
    'three machines see aws down',
    () => prometheus.query(QUERIES.providerDown),
    (result) => valuesBy('provider', result).aws === 3,
  );
  assert.deepEqual(valuesBy('provider', everyone), { aws: 3 });
  const first = await prometheus.query(QUERIES.firstToSee);
  assert.equal(first.length, 1);
  assert.equal(first[0]?.metric.site, 'cairo', 'the first machine to see it');
  assert.equal((await firingAlone('OutageWatchProviderOutage')).provider, 'aws');
  assert.deepEqual(await alertsNamed('OutageWatchSiteLocalProblem'), [], 'no site is local yet');

  // Riyadh's uplink goes: nothing outside answers there.
  const riyadh = world('riyadh');
  riyadh.setSystemDns({ drop: true });
  for (const server of riyadh.publicDns) server.setBehaviour('*', { drop: true });
  await riyadh.setHttpsDown(true);
  const local = await prometheus.waitFor(
    'riyadh local',
    () => prometheus.query(QUERIES.localPerSite),
    (result) => valuesBy('site', result).riyadh === 1,
  );
  assert.deepEqual(valuesBy('site', local), { riyadh: 1 }, 'only riyadh is local');
  const ratio = await prometheus.waitFor(
    'the local share per site',
    () => prometheus.query('site:outagewatch_machines_local:ratio'),
    (result) => valuesBy('site', result).riyadh === 1,
  );
  assert.deepEqual(valuesBy('site', ratio), { cairo: 0, dubai: 0, riyadh: 1 });
  assert.equal((await firingAlone('OutageWatchSiteLocalProblem')).site, 'riyadh');
  const remaining = await prometheus.waitFor(
    'two machines see aws down',
    () => prometheus.query(QUERIES.providerDown),
    (result) => valuesBy('provider', result).aws === 2,
  );
  assert.deepEqual(valuesBy('provider', remaining), { aws: 2 });
  await prometheus.waitFor(
    'the provider alert ends below three machines',
    () => alertsNamed('OutageWatchProviderOutage'),
    (alerts) => alerts.length === 0,
  );
  const left = (await prometheus.alerts()).map((alert) => [alert.labels.alertname, alert.labels.site, alert.state]);
  assert.deepEqual(left, [['OutageWatchSiteLocalProblem', 'riyadh', 'firing']], 'only riyadh still alerts');
  t.diagnostic(`alerts at the end: ${JSON.stringify(left)}`);
});

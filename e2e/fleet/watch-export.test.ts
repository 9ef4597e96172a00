// The real `watch` exporting to a real Prometheus (Debian's package, started
// as this test's child on loopback): scraped and pushed at once, against the
// loopback world (fake DNS and HTTPS on 127.0.0.1, gateway off). AWS-like
// apps break live and both paths show it; the exposition passes `promtool
// check metrics` and carries exactly the series of contracts section 7 with
// no address, URL or host name in a label; then the push path is cut with
// the world "offline", and the samples of that time arrive afterwards with
// their own timestamps, while stderr says once (not at every retry) that
// remote write cannot get through.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { looksIdentifying } from '../../electron/export/label-privacy';
import { SERIES_NAMES } from '../../electron/export/series';
import { startCuttableRelay, type CuttableRelay } from '../../electron/testkit/cuttable-relay';
import { exposedFamilies } from '../../electron/testkit/exposition';
import { startLoopbackWorld, type LoopbackWorld } from '../../electron/testkit/loopback-world';
import {
  freePort,
  prometheusSkipReason,
  PROMTOOL_BINARY,
  startPrometheus,
  type RunningPrometheus,
} from '../../electron/testkit/prometheus';
import { WatchProcess } from '../../electron/testkit/watch-process';
import { WORLD_APPS } from '../../electron/testkit/world-apps';

const missing = prometheusSkipReason();
const AWS_APPS = ['alexa', 'primevideo', 'slack'];
const AWS_503 = {
  kind: 'respond',
  status: 503,
  headers: { server: 'awselb/2.0' },
  body: 'Service Unavailable',
} as const;

let world: LoopbackWorld;
let prometheus: RunningPrometheus;
let relay: CuttableRelay;
let watch: WatchProcess;
let metricsPort: number;
let folder: string;

before(async () => {
  if (missing) return;
  folder = await mkdtemp(join(tmpdir(), 'outage-watch-fleet-'));
  world = await startLoopbackWorld({ apps: WORLD_APPS });
  metricsPort = await freePort();
  prometheus = await startPrometheus({ scrapeTargets: [`127.0.0.1:${metricsPort}`] });
  const writeUrl = new URL(prometheus.writeUrl);
  relay = await startCuttableRelay({ host: '127.0.0.1', port: Number(writeUrl.port) });
  const config = await world.writeConfig(
    {
      intervalSeconds: 5,
      timeoutMs: 1000,
      export: {
        remoteWrite: { url: `http://127.0.0.1:${relay.port}/api/v1/write`, intervalSeconds: 5 },
        labels: { site: 'cairo-office' },
      },
    },
    'fleet.json',
  );
  watch = new WatchProcess([
    '--config',
    config,
    '--json-lines',
    '--data-dir',
    join(folder, 'data'),
    '--metrics',
    String(metricsPort),
  ]);
});

after(async () => {
  if (missing) return;
  watch?.kill();
  await Promise.all([relay?.close(), prometheus?.stop(), world?.close()]);
  await rm(folder, { recursive: true, force: true });
});

const SCRAPED = 'job="outagewatch-scrape"';
const PUSHED = 'job="outagewatch"';

test('an AWS-like outage shows in Prometheus, scraped and pushed alike', { skip: missing }, async (t) => {
  await watch.waitFor(0, (line) => line.verdict.kind === 'ok', 'ok');
  for (const id of AWS_APPS) world.setAppHttp(id, AWS_503);
  const outage = await watch.waitFor(0, (line) => line.verdict.kind === 'provider-outage', 'provider-outage');
  assert.equal(outage.verdict.provider, 'aws');

  for (const job of [SCRAPED, PUSHED]) {
    const up = await prometheus.waitFor(
      `verdict{kind="provider-outage",${job}} = 1`,
      () => prometheus.query(`outagewatch_verdict{kind="provider-outage",${job}}`),
      (result) => result.length === 1 && result[0]?.value[1] === '1',
    );
    assert.equal(up[0]?.metric.site, 'cairo-office', 'export.labels on every series');
    const info = await prometheus.waitFor(
      `verdict_info names aws (${job})`,
      () => prometheus.query(`outagewatch_verdict_info{${job}}`),
      (result) => result.length === 1 && result[0]?.metric.provider === 'aws',
    );
    assert.equal(info[0]?.metric.kind, 'provider-outage');
    assert.equal(info[0]?.metric.scope, 'upstream');
    assert.equal(info[0]?.metric.region, 'us-east-1');
    const others = await prometheus.query(`sum(outagewatch_verdict{kind!="provider-outage",${job}})`);
    assert.equal(others[0]?.value[1], '0', 'one kind at a time');
  }
  const pushed = await prometheus.query(`outagewatch_build_info{${PUSHED}}`);
  assert.match(pushed[0]?.metric.instance ?? '', /^[0-9a-f]{16}$/, 'a pseudonymous instance id');
  const down = await prometheus.query(`outagewatch_app_up{${SCRAPED}} == 0`);
  assert.deepEqual(down.map((sample) => sample.metric.app).sort(), [...AWS_APPS].sort());
  t.diagnostic(`seen by Prometheus: ${JSON.stringify(pushed[0]?.metric)}`);
});

test(
  'the exposition passes promtool check metrics, has exactly the series of section 7, and no address in a label',
  { skip: missing },
  async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const lint = spawnSync(PROMTOOL_BINARY, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(lint.status, 0, `promtool check metrics:\n${lint.stdout}${lint.stderr}`);

    assert.deepEqual(exposedFamilies(text), [...SERIES_NAMES].sort());

    // Everything Prometheus holds of ours, scraped and pushed, label by label.
    const response = await fetch(
      `${prometheus.url}/api/v1/series?${new URLSearchParams({ 'match[]': '{__name__=~"outagewatch_.+"}' })}`,
    );
    const series = ((await response.json()) as { data: Record<string, string>[] }).data;
    assert.ok(series.length > 20, `${series.length} series`);
    const forbidden = [
      ...world.apps.map((app) => app.hostname),
      ...world.controls,
      '127.0.0.1',
      String(world.https.port),
      'Service Unavailable',
      'awselb',
    ];
    for (const labels of series) {
      for (const [name, value] of Object.entries(labels)) {
        if (name === '__name__' || (name === 'instance' && labels.job === 'outagewatch-scrape')) continue;
        assert.ok(!looksIdentifying(value), `${name}="${value}" looks like an address, URL or host name`);
        for (const word of forbidden) assert.ok(!value.includes(word), `${name}="${value}" carries "${word}"`);
      }
    }
  },
);

test(
  'cut off with the world offline, then back: the samples of that time arrive with their own timestamps',
  { skip: missing },
  async (t) => {
    for (const id of AWS_APPS) world.setAppHttp(id, null);
    await watch.waitFor(watch.lines.length - 1, (line) => line.verdict.kind === 'ok', 'ok again', 40_000);

    await relay.cut();
    world.setSystemDns({ drop: true });
    for (const server of world.publicDns) server.setBehaviour('*', { drop: true });
    await world.setHttpsDown(true);
    const cutAt = Date.now();
    const from = watch.lines.length;
    const local = await watch.waitFor(from, (line) => line.verdict.scope === 'local', 'a local verdict', 40_000);
    // A few push intervals pass offline; Prometheus hears nothing meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    // Remote write keeps trying (with back-off) while cut: several attempts, one stderr line (below).
    await prometheus.waitFor(
      'three attempts refused by the cut',
      async () => relay.refused,
      (refused) => refused >= 3,
      30_000,
    );
    const lastHeard = await prometheus.query(`timestamp(outagewatch_build_info{${PUSHED}})`);
    assert.ok(Number(lastHeard[0]?.value[1]) * 1000 < cutAt + 1_000, 'nothing got through the cut');
    await world.reset();
    await relay.restore();
    const restoredAt = Date.now();
    await watch.waitFor(from, (line) => line.verdict.kind === 'ok', 'ok after the cut', 40_000);

    const offline = await prometheus.waitFor(
      'the offline samples',
      () => prometheus.queryRange(`outagewatch_verdict{${PUSHED},kind="${local.verdict.kind}"}[10m]`),
      (result) =>
        (result[0]?.values ?? []).filter(
          ([at, value]) => value === '1' && at * 1000 >= cutAt && at * 1000 <= restoredAt,
        ).length >= 2,
    );
    const during = (offline[0]?.values ?? []).filter(([at]) => at * 1000 >= cutAt && at * 1000 <= restoredAt);
    t.diagnostic(`${during.length} samples of "${local.verdict.kind}" from the ${restoredAt - cutAt} ms offline`);
    // One sample per push interval, at the times they were taken, not all at the moment of return.
    const times = during.map(([at]) => at * 1000);
    for (let i = 1; i < times.length; i += 1) assert.ok((times[i] ?? 0) - (times[i - 1] ?? 0) >= 4_000, `${times}`);
    const unreachable = watch.stderr.split('\n').filter((line) => line.startsWith('outage-watch: unreachable: '));
    t.diagnostic(`${relay.refused} attempts refused while cut; stderr: ${JSON.stringify(watch.stderr)}`);
    assert.equal(unreachable.length, 1, `one line when it starts, not at every retry:\n${watch.stderr}`);
  },
);

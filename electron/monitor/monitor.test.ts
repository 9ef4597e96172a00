// The Monitor's scheduling and judging, driven by a manual clock: a scripted
// world answers each round (what was probed comes back as it is right now)
// and a small judge names the verdict. The integration test (watch.test.ts)
// runs the same Monitor over real probes and the real diagnose().
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Config } from '../contracts/config';
import { defaultConfig } from '../contracts/config';
import type { AppReport, Diagnosis, Verdict } from '../contracts/diagnosis';
import type { RoundEvidence, VpnInfo } from '../contracts/probe-results';
import { providerDisplayName } from '../catalog/index';
import type { Translate } from '../i18n/translate';
import type { RoundOptions } from '../probe/round';
import { HistoryStore } from './history-store';
import { ManualClock, runClock } from './manual-clock';
import { Monitor, type MonitorNotification, type MonitorTimings, type VerdictEvent } from './monitor';
import { scriptedDiagnosis } from '../testkit/diagnosis-fixture';
import { targetProbe } from '../testkit/target-probe-fixture';
import { verdictOf } from './test-verdicts';

const root = mkdtempSync(join(tmpdir(), 'outage-watch-monitor-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

const APPS = ['zoom', 'alexa', 'slack'];
const START = Date.UTC(2026, 10, 23, 12, 0, 0);

interface World {
  online: boolean;
  failing: Set<string>;
  /** Every connection takes 900 ms (the scripted timeout is 1000 ms). */
  slow?: boolean;
  /** The tunnel the OS reports, as the local probe would. */
  vpn?: VpnInfo;
}

interface RoundCall {
  at: number;
  kind: 'full' | 'confirm' | 'heartbeat';
  appIds: string[];
}

/** Answers a round from the world as it is when the round runs. */
function scriptedRunner(world: World, clock: ManualClock, calls: RoundCall[]) {
  return async (_config: Config, options: RoundOptions): Promise<RoundEvidence> => {
    const appIds = options.appIds ?? APPS;
    calls.push({
      at: clock.now(),
      kind: options.appIds === undefined ? 'full' : options.appIds.length === 0 ? 'heartbeat' : 'confirm',
      appIds,
    });
    const probed = world.online ? appIds : appIds;
    return {
      at: new Date(clock.now()).toISOString(),
      local: {
        interfaces: world.online ? [{ name: 'eth0', up: true, internal: false, addresses: ['192.0.2.10'] }] : [],
        defaultRoute: world.online,
        gateway: { configured: 'off', address: null, outcome: 'off', method: null, latencyMs: null },
        ...(world.vpn ? { vpn: world.vpn } : {}),
      },
      resolvers: [],
      captivePortal: { url: null, expectStatus: 204, outcome: 'off', status: null, location: null, http: null },
      controls: world.slow
        ? [
            {
              ...targetProbe('control', true),
              tcp: [
                {
                  kind: 'tcp',
                  host: 'control.test',
                  address: '192.0.2.1',
                  port: 443,
                  outcome: 'connected',
                  latencyMs: 900,
                },
              ],
            },
          ]
        : [],
      apps: probed.map((id) => targetProbe(id, world.online && !world.failing.has(id))),
      canaries: [],
      timeoutMs: 1000,
    };
  };
}

/** The judge: offline without an interface; two failing apps = an AWS outage; one = that app's outage. */
function judge(evidence: RoundEvidence, t: Translate): Diagnosis {
  const apps: AppReport[] = evidence.apps.map((p) => ({
    id: p.id,
    name: p.name,
    status: p.http ? 'up' : 'down',
    layer: p.http ? null : 'http',
    provider: p.provider,
    region: p.region,
    latencyMs: p.http?.latencyMs ?? null,
    usual: null,
    probes: [],
  }));
  const down = apps.filter((a) => a.status === 'down').map((a) => a.id);
  let verdict: Verdict;
  const slow = evidence.controls.some((control) => control.tcp.some((r) => r.latencyMs > 400));
  if (slow) verdict = verdictOf('degraded', { scope: 'local', apps: apps.map((a) => a.id) });
  else if (evidence.local.interfaces.length === 0)
    verdict = verdictOf('offline', { summary: t('notifications:alert.offline.title') });
  else if (down.length >= 2)
    verdict = verdictOf('provider-outage', { provider: 'aws', region: 'us-east-1', apps: down });
  else if (down.length === 1) verdict = verdictOf('app-outage', { apps: down });
  else verdict = verdictOf('ok');
  return scriptedDiagnosis(evidence, verdict, apps);
}

const FAST: Partial<MonitorTimings> = {
  heartbeatMs: 5_000,
  confirmDelayMs: 2_500,
  networkSettleMs: 1_000,
  networkPollMs: 2_000,
};

function setup(options: { dataDir?: string | null; config?: Partial<Config>; timings?: Partial<MonitorTimings> } = {}) {
  const clock = new ManualClock(START);
  const world: World = { online: true, failing: new Set() };
  const calls: RoundCall[] = [];
  let network = 'net-a';
  const monitor = new Monitor({
    config: { ...defaultConfig(), apps: APPS, intervalSeconds: 30, ...options.config },
    dataDir: options.dataDir === undefined ? null : options.dataDir,
    language: 'en',
    runRound: scriptedRunner(world, clock, calls),
    diagnose: judge,
    clock,
    timings: { ...FAST, ...options.timings },
    readNetwork: () => network,
  });
  const verdicts: VerdictEvent[] = [];
  const notifications: MonitorNotification[] = [];
  monitor.on('verdict', (event) => verdicts.push(event));
  monitor.on('notification', (n) => notifications.push(n));
  const run = (ms: number) => runClock(clock, ms);
  const setNetwork = (value: string) => (network = value);
  return { clock, world, calls, monitor, verdicts, notifications, run, setNetwork };
}

test('start: one full round, ok printed at once, then heartbeats every 5 s and full rounds every 30 s', async () => {
  const { monitor, calls, verdicts, run } = setup();
  monitor.start();
  await run(100);
  assert.equal(verdicts.length, 1);
  assert.equal(verdicts[0]?.verdict.kind, 'ok');
  await run(60_000);
  const fulls = calls.filter((c) => c.kind === 'full').map((c) => c.at - START);
  assert.deepEqual(fulls, [0, 30_000, 60_000]);
  const heartbeats = calls.filter((c) => c.kind === 'heartbeat').map((c) => c.at - START);
  assert.deepEqual(heartbeats, [5_000, 10_000, 15_000, 20_000, 25_000, 35_000, 40_000, 45_000, 50_000, 55_000]);
  assert.equal(verdicts.length, 1, 'nothing changed');
  await monitor.stop();
});

test('a failure seen by a full round is re-checked 3 s after that round began (its provider’s apps too) and confirmed then', async () => {
  const { monitor, world, calls, verdicts, notifications, run } = setup();
  monitor.start();
  await run(100);
  world.failing = new Set(['zoom', 'alexa']);
  await run(30_000);
  assert.equal(verdicts.length, 1, 'one failing look is not enough');
  assert.equal(monitor.getState().diagnosis?.verdict.kind, 'ok', 'the shown verdict is still ok');
  await run(2_500);
  assert.equal(
    verdicts.length,
    1,
    'not yet: a confirming look 2.5 s after the failing one could be seeing the same blip',
  );
  await run(500);
  const confirm = calls.find((c) => c.kind === 'confirm');
  assert.ok(confirm);
  assert.equal(confirm.at - START, 33_000);
  assert.deepEqual([...confirm.appIds].sort(), ['alexa', 'slack', 'zoom'], 're-checks what failed and its provider');
  assert.equal(verdicts.length, 2);
  assert.equal(verdicts[1]?.verdict.kind, 'provider-outage');
  assert.equal(notifications.length, 1);
  assert.equal(notifications[0]?.title, `${providerDisplayName('aws')} us-east-1 is failing`);

  await run(20_000); // recovery looks at 43 s and 53 s: the apps still fail
  const recoveryLooks = calls.filter((c) => c.kind === 'confirm' && c.at - START > 33_000);
  assert.deepEqual(
    recoveryLooks.map((c) => c.at - START),
    [43_000, 53_000],
    'a young upstream incident’s apps are looked at every 10 s, not only by full rounds',
  );
  assert.deepEqual([...(recoveryLooks[0]?.appIds ?? [])].sort(), ['alexa', 'slack', 'zoom']);
  world.failing.clear();
  await run(7_000); // the full round at 60 s sees everything up
  assert.equal(verdicts.at(-1)?.verdict.kind, 'provider-outage', 'one ok look is not a recovery');
  await run(3_000);
  assert.equal(verdicts.at(-1)?.verdict.kind, 'ok');
  assert.equal(notifications.at(-1)?.kind, 'recovered');
  assert.match(notifications.at(-1)?.body ?? '', /Recovered after 1 min/);
  await run(60_000);
  assert.equal(
    calls.filter((c) => c.kind === 'confirm' && c.at - START > 63_000).length,
    0,
    'with the incident over, its apps are left to the full rounds again',
  );
  await monitor.stop();
});

test('an app that failed is seen back within seconds while its incident is young; later only full rounds look', async () => {
  const { monitor, world, calls, verdicts, run } = setup();
  monitor.start();
  await run(100);
  world.failing = new Set(['zoom']);
  await run(33_000); // the full round at 30 s and the confirming look at 33 s
  assert.equal(verdicts.at(-1)?.verdict.kind, 'app-outage');
  world.failing.clear();
  await run(13_000); // the recovery look at 43 s sees it up, the confirming look at 46 s agrees
  assert.equal(
    verdicts.at(-1)?.verdict.kind,
    'ok',
    'recovered 13 s after the app came back, not at the next full round',
  );

  world.failing = new Set(['zoom']);
  await run(44_000); // fails again: seen at 90 s, confirmed at 93 s
  assert.equal(verdicts.at(-1)?.verdict.kind, 'app-outage');
  const opened = calls.findLast((c) => c.kind === 'confirm')?.at ?? 0;
  await run(6 * 60_000);
  const late = calls.filter((c) => c.kind === 'confirm' && c.at > opened + 5 * 60_000);
  assert.deepEqual(late, [], 'the extra looks stop 5 minutes into an incident: the load stays bounded');
  const extra = calls.filter((c) => c.kind === 'confirm' && c.at > opened);
  assert.ok(extra.length <= 30, `at most one look every 10 s for 5 minutes (${extra.length})`);
  await monitor.stop();
});

test('a blip that is gone at the re-check changes nothing', async () => {
  const { monitor, world, verdicts, notifications, run } = setup();
  monitor.start();
  await run(100);
  world.failing = new Set(['zoom']);
  await run(30_000);
  world.failing.clear();
  await run(10_000);
  assert.equal(verdicts.length, 1);
  assert.equal(notifications.length, 0);
  await monitor.stop();
});

test('going offline: declared once, then growing heartbeats and no app probes; back online: one full round at once', async () => {
  const { monitor, world, calls, verdicts, notifications, run } = setup();
  monitor.start();
  await run(100);
  world.online = false;
  await run(5_000); // heartbeat at 5 s sees it
  await run(3_000); // confirmed by a local look 3 s later
  assert.equal(verdicts.at(-1)?.verdict.kind, 'offline');
  assert.equal(monitor.getState().phase, 'offline-backoff');
  const offlineSince = calls.length;
  await run(120_000);
  const during = calls.slice(offlineSince);
  assert.ok(
    during.every((c) => c.kind === 'heartbeat'),
    'no app is probed while offline',
  );
  const gaps = during.map((c, i) => c.at - (i === 0 ? START + 8_000 : (during[i - 1]?.at ?? 0)));
  assert.deepEqual(gaps.slice(0, 5), [5_000, 10_000, 20_000, 30_000, 30_000]);
  assert.equal(verdicts.filter((v) => v.verdict.kind === 'offline').length, 1, 'offline declared once');
  assert.equal(notifications.filter((n) => n.kind === 'offline').length, 1, 'one notification, not one per app');

  world.online = true;
  const before = calls.length;
  await run(30_000);
  const after = calls.slice(before);
  const firstFull = after.findIndex((c) => c.kind === 'full');
  assert.equal(after[firstFull - 1]?.kind, 'heartbeat', 'a heartbeat notices the network is back');
  assert.equal((after[firstFull]?.at ?? 0) - (after[firstFull - 1]?.at ?? 0), 0, 'and a full round follows at once');
  assert.equal(verdicts.at(-1)?.verdict.kind, 'ok');
  assert.equal(monitor.getState().phase, 'idle');
  await monitor.stop();
});

test('an OS network change re-checks at once (after a short settle), bursts make one round', async () => {
  const { monitor, calls, run, setNetwork } = setup();
  monitor.start();
  await run(3_000);
  const before = calls.length;
  monitor.networkChanged('resume');
  monitor.networkChanged('online');
  await run(1_000);
  const fulls = calls.slice(before).filter((c) => c.kind === 'full');
  assert.equal(fulls.length, 1);
  assert.equal((fulls[0]?.at ?? 0) - START, 4_000);
  // And the interface watch feeds the same entry point.
  setNetwork('net-b');
  await run(3_100);
  assert.equal(calls.filter((c) => c.kind === 'full').length, 3);
  await monitor.stop();
});

test('pause, resume and checkNow reach the schedule (scheduler.test.ts); the state shows the pause', async () => {
  const { monitor, clock, calls, run } = setup();
  monitor.start();
  await run(100);
  monitor.pause(clock.now() + 60_000);
  assert.equal(monitor.getState().phase, 'paused');
  assert.equal(monitor.getState().pausedUntil, new Date(START + 60_100).toISOString());
  const before = calls.length;
  await run(59_000);
  assert.equal(calls.length, before, 'nothing while paused');
  monitor.resume();
  assert.equal(monitor.getState().pausedUntil, null);
  await run(100);
  assert.equal(calls.at(-1)?.kind, 'full', 'a full round on resume');
  assert.equal(monitor.getState().phase, 'idle');
  await monitor.checkNow();
  assert.equal(calls.filter((c) => c.kind === 'full').length, 3);
  await monitor.stop();
  await assert.rejects(monitor.checkNow(), /not running/);
});

test('stop leaves no timer behind and no round in flight', async () => {
  const { monitor, clock, calls, run } = setup({ dataDir: join(root, `stop-${++dirs}`) });
  monitor.start();
  await run(7_000);
  await monitor.stop();
  assert.equal(clock.pendingTimers(), 0);
  const before = calls.length;
  await run(60_000);
  assert.equal(calls.length, before);
});

test('setLanguage re-renders the shown verdict from the kept evidence', async () => {
  const { monitor, world, run } = setup();
  monitor.start();
  world.online = false;
  await run(3_000);
  assert.equal(monitor.getState().diagnosis?.verdict.summary, 'You are offline');
  monitor.setLanguage('ar');
  assert.equal(monitor.getState().language, 'ar');
  assert.equal(monitor.getState().diagnosis?.verdict.summary, 'أنت غير متصل بالإنترنت');
  await monitor.stop();
});

test('incidents and samples land in the history; an incident left open is continued after a restart', async () => {
  const dataDir = join(root, `history-${++dirs}`);
  const first = setup({ dataDir });
  first.monitor.start();
  await first.run(100);
  first.world.failing = new Set(['zoom', 'alexa']);
  await first.run(33_000);
  const history = first.monitor.getHistory({ since: new Date(START - 1).toISOString() });
  assert.equal(history.incidents.length, 1);
  assert.equal(history.incidents[0]?.closedAt, null);
  assert.equal(
    history.incidents[0]?.openedAt,
    new Date(START + 30_000).toISOString(),
    'opened at the first failing look',
  );
  assert.ok(history.samples.filter((s) => s.appId === 'zoom').length >= 3);
  assert.equal(first.verdicts.at(-1)?.incidentId, history.incidents[0]?.id);
  await first.monitor.stop();

  const second = setup({ dataDir });
  second.world.failing = new Set(['zoom', 'alexa']);
  second.monitor.start();
  await second.run(3_000);
  const after = second.monitor.getHistory({ since: new Date(START - 1).toISOString() });
  assert.equal(after.incidents.length, 1, 'the same incident goes on');
  assert.equal(second.verdicts.at(-1)?.incidentId, history.incidents[0]?.id);
  second.world.failing.clear();
  await second.run(33_000);
  const closed = second.monitor.getHistory({ since: new Date(START - 1).toISOString() });
  assert.ok(closed.incidents[0]?.closedAt);
  await second.monitor.stop();
});

/** A Monitor over the history in dataDir, and the options its first round was given. */
async function firstRoundOptions(dataDir: string): Promise<RoundOptions | undefined> {
  const clock = new ManualClock(START);
  let seen: RoundOptions | undefined;
  const monitor = new Monitor({
    config: { ...defaultConfig(), apps: APPS },
    dataDir,
    language: 'en',
    clock,
    diagnose: judge,
    timings: { networkPollMs: null },
    runRound: async (config, options) => {
      seen ??= options;
      return scriptedRunner({ online: true, failing: new Set() }, clock, [])(config, options);
    },
  });
  monitor.start();
  await new Promise((resolve) => setImmediate(resolve));
  await monitor.stop();
  return seen;
}

test('provider memory learned from the wire is stored and fed back to rounds', async () => {
  const dataDir = join(root, `memory-${++dirs}`);
  const { monitor, run } = setup({ dataDir });
  monitor.start();
  await run(100);
  await monitor.stop();
  const seen = await firstRoundOptions(dataDir);
  assert.deepEqual(seen?.providerMemory?.get('zoom'), { provider: 'aws', region: 'us-east-1', cnameChain: [] });
});

test('CNAMEs remembered in the history reach every round, so a name that stops resolving is still placed', async () => {
  const dataDir = join(root, `names-${++dirs}`);
  const store = HistoryStore.open({ dataDir, historyDays: 30 });
  store.memory.rememberNames([{ appId: 'zoom', name: 'zoom.example.cdn.cloudflare.net', seenAt: START - 60_000 }]);
  store.close();
  const seen = await firstRoundOptions(dataDir);
  assert.deepEqual(seen?.nameMemory?.get('zoom'), [
    { name: 'zoom.example.cdn.cloudflare.net', seenAt: START - 60_000 },
  ]);
});

test('names learned internal on this network reach every round (judged by the system resolver alone)', async () => {
  const dataDir = join(root, `internal-${++dirs}`);
  const store = HistoryStore.open({ dataDir, historyDays: 30 });
  store.internalNames.update(
    { gateway: '', ssid: '' },
    [{ name: 'wiki.corp.test', looks: 2, seenAt: START - 60_000 }],
    [],
  );
  store.close();
  const seen = await firstRoundOptions(dataDir);
  assert.deepEqual([...(seen?.internalNames ?? [])], ['wiki.corp.test']);
});

test('a history folder that cannot be used is reported as such', () => {
  const blocker = join(root, `a-file-${++dirs}`);
  writeFileSync(blocker, 'not a folder');
  const { monitor } = setup({ dataDir: join(blocker, 'history') });
  assert.throws(
    () => monitor.start(),
    (error: unknown) => (error as { kind?: string }).kind === 'history-unavailable',
  );
});

test('a heartbeat that sees the network slow looks at the apps at once (at most every 5 minutes)', async () => {
  const { clock, monitor, world, calls, verdicts, run } = setup();
  monitor.start();
  await run(100);
  world.slow = true;
  await run(12_000); // the heartbeat at 5 s sees it; the apps at 7.5 s; confirmed 3 s later
  assert.equal(verdicts.at(-1)?.verdict.kind, 'degraded', 'not left to the full round at 30 s');
  const looks = calls.filter((c) => c.kind === 'confirm');
  assert.equal(looks[0]?.at, START + 7_500);
  assert.deepEqual([...(looks[0]?.appIds ?? [])].sort(), [...APPS].sort());
  world.slow = false;
  await run(40_000);
  assert.equal(verdicts.at(-1)?.verdict.kind, 'ok');
  const slowAgainAt = clock.now();
  world.slow = true;
  await run(20_000); // heartbeats see it, the next full round is at 75.5 s
  assert.deepEqual(
    calls.filter((c) => c.kind === 'confirm' && c.at >= slowAgainAt),
    [],
    'within 5 minutes of the first, a slow heartbeat looks at no app: the full rounds will',
  );
  await monitor.stop();
});

test('a confirmed change seen through a VPN carrying everything says so in the notification, and so does its recovery', async () => {
  const { monitor, world, notifications, run } = setup();
  world.vpn = { interface: 'wg0', kind: 'wireguard', addresses: ['198.18.7.2'], carries: 'default' };
  monitor.start();
  await run(100);
  world.failing = new Set(['zoom', 'alexa']);
  await run(33_000);
  assert.equal(notifications.length, 1);
  assert.match(notifications[0]?.body ?? '', / Checked through VPN wg0\.$/);
  world.failing.clear();
  await run(30_000);
  assert.equal(notifications.at(-1)?.kind, 'recovered');
  assert.match(notifications.at(-1)?.body ?? '', /^Recovered after .* Checked through VPN wg0\.$/);
  await monitor.stop();
});

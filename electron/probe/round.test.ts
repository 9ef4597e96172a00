// The round on a loopback world: what each option probes, progress, and that
// a hanging app costs about one timeout, not one per app.
import assert from 'node:assert/strict';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import { after, before, beforeEach, mock, test } from 'node:test';
import { checkConfig, type Config, type ConfigInput } from '../contracts/config';
import type { CheckProgress } from '../contracts/bridge';
import { startLoopbackWorld, type LoopbackWorld } from '../testkit/loopback-world';
import { WORLD_APPS } from '../testkit/world-apps';
import { appTargets, runRound } from './round';

let world: LoopbackWorld;
before(async () => {
  world = await startLoopbackWorld({ apps: WORLD_APPS });
});
after(async () => {
  await world.close();
});
beforeEach(async () => {
  await world.reset();
});

function config(overrides: Partial<ConfigInput> = {}): Config {
  const checked = checkConfig(world.config(overrides));
  if (!checked.ok) throw new Error(checked.problem);
  return checked.config;
}

test('a full round probes every app and control through DNS, TCP, TLS and HTTP at every resolver', async () => {
  const evidence = await runRound(config());
  assert.equal(evidence.apps.length, WORLD_APPS.length);
  assert.equal(evidence.controls.length, 2);
  assert.deepEqual(evidence.canaries, []);
  assert.equal(evidence.resolvers.length, 3);
  assert.equal(evidence.resolvers[0]?.role, 'system');
  for (const target of [...evidence.apps, ...evidence.controls]) {
    assert.equal(target.dns.length, 3, `${target.id}: asked at all three resolvers`);
    assert.equal(target.addressSource, 'system');
    assert.equal(target.tcp[0]?.outcome, 'connected');
    assert.equal(target.tls?.outcome, 'ok', `${target.id}: TLS verified with the world's CA`);
    assert.equal(target.http?.status, 200);
    const setUp = (target.tcp[0]?.latencyMs ?? 0) + (target.tls?.latencyMs ?? 0);
    assert.ok(
      (target.http?.latencyMs ?? 0) >= setUp,
      `${target.id}: the HTTP latency is the wait for a response on a new connection, its set-up included`,
    );
  }
  assert.equal(evidence.captivePortal.outcome, 'ok');
  assert.equal(evidence.local.gateway.outcome, 'off');
});

test('attribution: config first, then CNAME (with region), then headers', async () => {
  const evidence = await runRound(config());
  const byId = new Map(evidence.apps.map((app) => [app.id, app]));
  assert.deepEqual(
    [byId.get('slack')?.provider, byId.get('slack')?.region, byId.get('slack')?.providerSource],
    ['aws', 'us-east-1', 'config'],
  );
  assert.deepEqual(
    [byId.get('alexa')?.provider, byId.get('alexa')?.region, byId.get('alexa')?.providerSource],
    ['aws', 'us-east-1', 'cname'],
  );
  assert.deepEqual([byId.get('reddit')?.provider, byId.get('reddit')?.providerSource], ['fastly', 'cname']);
  assert.equal(byId.get('zoom')?.provider, null);
});

test('provider memory attributes an app whose name no longer resolves anywhere', async () => {
  world.setAppDns('zoom', { rcode: 'SERVFAIL' });
  const memory = new Map([
    ['zoom', { provider: 'gcp', region: 'us-central1', cnameChain: ['zoom.example.googlehosted.com'] }],
  ]);
  const evidence = await runRound(config(), { appIds: ['zoom'], providerMemory: memory });
  const zoom = evidence.apps[0];
  assert.equal(
    zoom?.dns.every((result) => result.outcome === 'servfail'),
    true,
  );
  assert.deepEqual([zoom?.provider, zoom?.region, zoom?.providerSource], ['gcp', 'us-central1', 'memory']);
});

test('when the system resolver fails, the app is still probed at an address from a public resolver', async () => {
  world.setSystemDns({ rcode: 'SERVFAIL' });
  const evidence = await runRound(config(), { appIds: ['zoom'] });
  assert.equal(evidence.apps[0]?.addressSource, 'public');
  assert.equal(evidence.apps[0]?.http?.status, 200);
});

test('the heartbeat: no apps, controls only TCP-connected', async () => {
  const evidence = await runRound(config(), { appIds: [], controlDepth: 'connect' });
  assert.deepEqual(evidence.apps, []);
  for (const control of evidence.controls) {
    assert.equal(control.tcp[0]?.outcome, 'connected');
    assert.equal(control.tls, null);
    assert.equal(control.http, null);
  }
});

test('progress names the apps still pending and ends at done = total', async () => {
  const seen: CheckProgress[] = [];
  await runRound(config(), { onProgress: (progress) => seen.push(progress) });
  assert.deepEqual(seen[0], { pending: WORLD_APPS.map((app) => app.id), done: 0, total: WORLD_APPS.length });
  const last = seen.at(-1);
  assert.deepEqual(last, { pending: [], done: WORLD_APPS.length, total: WORLD_APPS.length });
  assert.equal(seen.length, WORLD_APPS.length + 1);
});

test('hanging apps are probed in parallel, not one after another', async () => {
  for (const app of WORLD_APPS) world.setAppHttp(app.id, { kind: 'hang' });
  // Count the server's open connections while the round runs: in parallel, every app hangs at once.
  let mostOpen = 0;
  const sampler = setInterval(() => {
    mostOpen = Math.max(mostOpen, world.https.openConnections());
  }, 10);
  const evidence = await runRound(config({ timeoutMs: 1500 }));
  clearInterval(sampler);
  for (const app of evidence.apps) assert.equal(app.http?.outcome, 'timeout', app.id);
  assert.ok(mostOpen >= WORLD_APPS.length, `at most ${mostOpen} connections were open at once`);
});

test('the concurrency limit holds', async () => {
  for (const app of WORLD_APPS) world.setAppHttp(app.id, { kind: 'hang' });
  let mostOpen = 0;
  const sampler = setInterval(() => {
    mostOpen = Math.max(mostOpen, world.https.openConnections());
  }, 10);
  await runRound(config({ timeoutMs: 600, controls: [] }), { concurrency: 2 });
  clearInterval(sampler);
  // Two targets at a time; a closing probe connection may still be counted beside the next one.
  assert.ok(mostOpen >= 1 && mostOpen <= 4, `${mostOpen} connections were open at once`);
});

test('an aborted round ends promptly', async () => {
  for (const app of WORLD_APPS) world.setAppHttp(app.id, { kind: 'hang' });
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 200);
  await runRound(config({ timeoutMs: 20_000 }), { signal: controller.signal });
  assert.ok(Date.now() - started < 10_000, 'the abort cut the 20 s timeouts short');
});

test('catalog ids resolve to their first probe URL; unknown ids are refused', () => {
  const targets = appTargets({ ...config(), apps: ['zoom', 'netflix'] });
  assert.deepEqual(
    targets.map((target) => target.id),
    ['zoom', 'netflix'],
  );
  assert.ok(targets.every((target) => target.url.startsWith('https://')));
  assert.throws(() => appTargets({ ...config(), apps: ['no-such-app'] }), /unknown app id "no-such-app"/);
});

test('timeoutCapMs shortens every probe of the round (the heartbeat) and is what the evidence reports', async () => {
  world.setAppHttp('zoom', { kind: 'hang' });
  const evidence = await runRound(config({ timeoutMs: 30_000 }), { appIds: ['zoom'], timeoutCapMs: 500 });
  assert.equal(evidence.timeoutMs, 500);
  assert.equal(evidence.apps[0]?.http?.outcome, 'timeout');
});

test('interfaces changing while the round runs: the evidence says so, and the round still finishes', async () => {
  // The OS's interface list, as the round reads it: a second address appears after the first look at it.
  const real = os.networkInterfaces;
  let calls = 0;
  const changing = mock.method(os, 'networkInterfaces', () => {
    calls += 1;
    const list = real();
    if (calls <= 1) return list;
    return {
      ...list,
      wlan9: [
        {
          address: '198.18.77.7',
          netmask: '255.255.255.0',
          family: 'IPv4',
          mac: '02:00:00:00:00:09',
          internal: false,
          cidr: '198.18.77.7/24',
        },
      ],
    } as ReturnType<typeof os.networkInterfaces>;
  });
  syncBuiltinESMExports();
  try {
    const evidence = await runRound(config(), { appIds: ['zoom'] });
    assert.equal(evidence.local.changedDuringRound, true);
    assert.equal(evidence.apps.length, 1);
  } finally {
    changing.mock.restore();
    syncBuiltinESMExports();
  }
});

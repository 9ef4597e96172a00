// The engine's fleet export over a scripted world (the verdict is whatever
// the test says): a hanging remote-write receiver never holds up a verdict;
// a /metrics port in use is shown in the state while the monitor goes on;
// Settings moving the export elsewhere restarts it there.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AppState } from '../contracts/bridge';
import { defaultConfig, type Config } from '../contracts/config';
import type { Diagnosis, Verdict } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';
import { DEFAULT_THRESHOLDS } from '../monitor/thresholds';
import { verdictOf } from '../monitor/test-verdicts';
import { freePort } from '../testkit/prometheus';
import { HistoryStore } from '../monitor/history-store';
import { startEngine, type OutsideDocuments, type RunningEngine } from './engine';
import { quietRoundEvidence } from '../testkit/round-evidence-fixture';

const root = mkdtempSync(join(tmpdir(), 'outage-watch-fleet-engine-'));
after(() => rmSync(root, { recursive: true, force: true }));

function scriptedEngine(
  exportConfig: Partial<Config['export']>,
  dataDir: string | null,
  front: { outside?: OutsideDocuments; stopsOnExportProblem?: boolean } = {},
) {
  let current: Verdict = verdictOf('ok');
  const evidence = quietRoundEvidence;
  const diagnose = (seen: RoundEvidence): Diagnosis => ({
    schema: 1,
    at: seen.at,
    verdict: current,
    findings: [current],
    local: {
      interfaces: [],
      gateway: seen.local.gateway,
      resolvers: [],
      captivePortal: seen.captivePortal,
      vpn: null,
      families: { ipv4: null, ipv6: null, nat64Prefix: null },
      proxies: [],
    },
    apps: [],
  });
  const engine: RunningEngine = startEngine({
    config: {
      ...defaultConfig(),
      apps: ['zoom'],
      gateway: 'off',
      captivePortal: 'off',
      language: 'en',
      export: { prometheus: null, remoteWrite: null, labels: {}, ...exportConfig },
    },
    configPath: null,
    dataDir,
    systemLocale: 'en_US',
    outside: front.outside ?? null,
    stopsOnExportProblem: front.stopsOnExportProblem ?? false,
    monitor: {
      runRound: async () => evidence(),
      diagnose,
      timings: {
        heartbeatMs: 30,
        confirmDelayMs: 5,
        networkSettleMs: 10,
        networkPollMs: null,
        maintenanceMs: 3_600_000,
        // This test is about the export, not the schedule: no minimum span.
        thresholds: { ...DEFAULT_THRESHOLDS, minSpanMs: 0 },
      },
    },
    export: { timing: { intervalMs: 40, requestTimeoutMs: 5_000, backoffBaseMs: 40, backoffMaxMs: 200 } },
  });
  const verdicts: Verdict[] = [];
  engine.onVerdict((event) => verdicts.push(event.verdict));
  return { engine, verdicts, set: (verdict: Verdict) => (current = verdict) };
}

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

test('a remote-write receiver that hangs holds up no verdict; the state says what remote write is doing', async (t) => {
  const sockets = new Set<Socket>();
  const hanging = createServer((socket) => {
    sockets.add(socket);
    socket.resume();
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const address = hanging.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const { engine, verdicts, set } = scriptedEngine(
    { remoteWrite: { url: `http://127.0.0.1:${port}/api/v1/write`, bearerTokenFile: null, intervalSeconds: 5 } },
    join(root, 'hanging'),
  );
  t.after(async () => {
    await engine.stop();
    for (const socket of sockets) socket.destroy();
    hanging.close();
  });
  const looks: string[] = [];
  engine.monitor.on('look', (look) => {
    assert.ok(look.durationMs >= 0);
    looks.push(look.kind);
  });
  await until('ok', () => verdicts.some((verdict) => verdict.kind === 'ok'));
  await until('heartbeats between full rounds', () => looks.includes('heartbeat'));
  await until('a request in flight', () => sockets.size > 0);
  const brokenAt = Date.now();
  set(verdictOf('app-outage', { apps: ['zoom'] }));
  await engine.bridge.checkNow();
  await until('the outage', () => verdicts.some((verdict) => verdict.kind === 'app-outage'));
  assert.ok(Date.now() - brokenAt < 2_000, 'the verdict did not wait for the 5 s request');
  await until('snapshots wait behind the hanging request', async () => {
    const remote = (await engine.bridge.getState()).export.remoteWrite;
    return remote.state === 'on' && remote.spooled.snapshots > 1;
  });
  const state: AppState = await engine.bridge.getState();
  assert.equal(state.export.metrics.state, 'off');
  assert.equal(state.export.remoteWrite.state, 'on');
  if (state.export.remoteWrite.state === 'on') {
    assert.equal(state.export.remoteWrite.url, `http://127.0.0.1:${port}/api/v1/write`);
    assert.ok(state.export.remoteWrite.spooled.snapshots > 1, 'waiting in the spool');
  }

  // Off means off: what waited is not sent to the next receiver.
  const off = await engine.bridge.saveConfig({
    ...engine.config(),
    export: { ...engine.config().export, remoteWrite: null },
  });
  assert.ok(off.ok);
  assert.deepEqual((await engine.bridge.getState()).export.remoteWrite, { state: 'off' });
  const closed = await freePort();
  const url = `http://127.0.0.1:${closed}/api/v1/write`;
  await engine.bridge.saveConfig({
    ...engine.config(),
    export: { ...engine.config().export, remoteWrite: { url, bearerTokenFile: null, intervalSeconds: 5 } },
  });
  const again = (await engine.bridge.getState()).export.remoteWrite;
  assert.ok(again.state === 'on' && again.spooled.snapshots === 0, JSON.stringify(again));
});

test('/metrics on a port in use: the state says so, the monitor goes on; saving another port serves there', async (t) => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  t.after(() => holder.close());
  const address = holder.address();
  const taken = typeof address === 'object' && address ? address.port : 0;
  const { engine, verdicts, set } = scriptedEngine({ prometheus: { listen: `127.0.0.1:${taken}` } }, null);
  t.after(() => engine.stop());
  const [problem] = await engine.exportReady();
  assert.equal(problem?.kind, 'port-in-use');
  const states: AppState[] = [];
  engine.bridge.onState((state) => states.push(state));
  let state = await engine.bridge.getState();
  assert.deepEqual(state.export.metrics.state === 'failed' && state.export.metrics.problem.kind, 'port-in-use');
  set(verdictOf('dns-local'));
  await engine.bridge.checkNow();
  await until('the monitor goes on', () => verdicts.some((verdict) => verdict.kind === 'dns-local'));

  const free = await freePort();
  const saved = await engine.bridge.saveConfig({
    ...engine.config(),
    export: { ...engine.config().export, prometheus: { listen: `127.0.0.1:${free}` }, labels: { site: 'cairo' } },
  });
  assert.ok(saved.ok);
  state = await engine.bridge.getState();
  assert.deepEqual(state.export.metrics, { state: 'serving', url: `http://127.0.0.1:${free}/metrics` });
  assert.ok(
    states.some((seen) => seen.export.metrics.state === 'serving'),
    'the window heard it in a state',
  );
  await until('the verdict in the exposition', async () => {
    const text = await (await fetch(`http://127.0.0.1:${free}/metrics`)).text();
    return /^outagewatch_verdict\{kind="dns-local",site="cairo"\} 1$/m.test(text);
  });
  const text = await (await fetch(`http://127.0.0.1:${free}/metrics`)).text();
  assert.match(text, /^outagewatch_rounds_total\{type="full",site="cairo"\} [1-9]/m);
  assert.match(text, /^outagewatch_rounds_total\{type="confirm",site="cairo"\} [1-9]/m);
  assert.match(text, /^outagewatch_verdict_changes_total\{kind="dns-local",site="cairo"\} 1$/m);

  const off = await engine.bridge.saveConfig({
    ...engine.config(),
    export: { ...engine.config().export, prometheus: null },
  });
  assert.ok(off.ok);
  assert.deepEqual((await engine.bridge.getState()).export.metrics, { state: 'off' });
  await assert.rejects(fetch(`http://127.0.0.1:${free}/metrics`), 'the port is closed again');
});

test('export off at start: what an earlier remote write left is dropped; turned on in Settings, it exports the verdict shown', async (t) => {
  const dataDir = join(root, 'off-at-start');
  const earlier = HistoryStore.open({ dataDir, historyDays: 30 });
  earlier.exportSpool().append(1_000, 10, new Uint8Array([1, 2, 3]));
  earlier.close();
  const { engine, set } = scriptedEngine({}, dataDir);
  t.after(() => engine.stop());
  assert.deepEqual(await engine.exportReady(), []);
  assert.deepEqual((await engine.bridge.getState()).export, {
    metrics: { state: 'off' },
    remoteWrite: { state: 'off' },
  });
  set(verdictOf('isp'));
  await engine.bridge.checkNow();

  const free = await freePort();
  const saved = await engine.bridge.saveConfig({
    ...engine.config(),
    export: { ...engine.config().export, prometheus: { listen: `127.0.0.1:${free}` } },
  });
  assert.ok(saved.ok);
  assert.deepEqual((await engine.bridge.getState()).export.metrics, {
    state: 'serving',
    url: `http://127.0.0.1:${free}/metrics`,
  });
  // The export started after the verdict: the gauge says what is shown now.
  await until('the verdict in the exposition', async () => {
    const text = await (await fetch(`http://127.0.0.1:${free}/metrics`)).text();
    return /^outagewatch_verdict\{kind="isp"\} 1$/m.test(text);
  });
  await engine.stop();
  const reopened = HistoryStore.open({ dataDir, historyDays: 30 });
  t.after(() => reopened.close());
  assert.deepEqual(reopened.exportSpool().totals(), { rows: 0, samples: 0, bytes: 0 }, 'off means off');
});

test('an engine refused for its export reads nothing from outside; the app, which goes on, does', async (t) => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  t.after(() => holder.close());
  const address = holder.address();
  const taken = typeof address === 'object' && address ? address.port : 0;
  // Records each document asked for and answers nothing: no request leaves this process.
  const asked: string[] = [];
  const outside: OutsideDocuments = {
    fetch: async (url) => {
      asked.push(url);
      throw new Error('no outside documents in this test');
    },
  };
  const exportConfig = { prometheus: { listen: `127.0.0.1:${taken}` } };

  const refused = scriptedEngine(exportConfig, mkdtempSync(join(root, 'refused-')), {
    outside,
    stopsOnExportProblem: true,
  });
  try {
    const [problem] = await refused.engine.exportReady();
    assert.equal(problem?.kind, 'port-in-use');
    // The app's engine asks within milliseconds (below); this one is given far longer to stay silent.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.deepEqual(asked, []);
  } finally {
    await refused.engine.stop();
  }

  const app = scriptedEngine(exportConfig, mkdtempSync(join(root, 'app-')), { outside });
  t.after(() => app.engine.stop());
  assert.equal((await app.engine.exportReady())[0]?.kind, 'port-in-use');
  await until('the IP range lists are asked for', () => asked.length > 0);
});

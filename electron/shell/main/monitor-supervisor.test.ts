// The supervisor and the real engine host (monitor, SQLite history, config
// file) in a child process, probing a loopback world. Node's child_process
// stands in for Electron's utilityProcess: the only part not real. The tray
// app's export is compared with the real `watch --metrics` series by series.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { AppState, CatalogEntry, Report, SaveConfigResult } from '../../contracts/bridge';
import type { Config, ConfigInput } from '../../contracts/config';
import { exposedFamilies, exposedSeries } from '../../testkit/exposition';
import { startLoopbackWorld, type LoopbackWorld } from '../../testkit/loopback-world';
import { freePort } from '../../testkit/prometheus';
import { WatchProcess } from '../../testkit/watch-process';
import { WORLD_APPS } from '../../testkit/world-apps';
import { createTranslator } from '../../i18n/translate';
import { REFUSED_WRITE_MESSAGE, refuseHistoryWrites } from '../../testkit/history-faults';
import { hostArguments } from '../common/monitor-protocol';
import { trayIconBadged, trayIconState } from '../common/tray-icon-model';
import { trayMenuModel } from '../common/tray-menu-model';
import { trayTooltip } from '../common/tray-tooltip';
import { type EngineCallError, MonitorSupervisor, type SpawnHost } from './monitor-supervisor';

const HOST_ENTRY = join(import.meta.dirname, '..', 'engine-host', 'monitor-host.ts');

function nodeSpawner(args: string[], children: ChildProcess[]): SpawnHost {
  return () => {
    const child = fork(HOST_ENTRY, args, {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    children.push(child);
    return {
      postMessage: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => void child.kill('SIGKILL'),
    };
  };
}

function nextState(supervisor: MonitorSupervisor, accept: (state: AppState) => boolean): Promise<AppState> {
  return new Promise((resolve) => {
    const listener = (state: AppState) => {
      if (!accept(state)) return;
      supervisor.off('state', listener);
      resolve(state);
    };
    supervisor.on('state', listener);
  });
}

function nextEngineDown(supervisor: MonitorSupervisor, down: boolean): Promise<void> {
  return new Promise((resolve) => {
    const listener = (value: boolean) => {
      if (value !== down) return;
      supervisor.off('engine-down', listener);
      resolve();
    };
    supervisor.on('engine-down', listener);
  });
}

async function withWorld(
  t: TestContext,
  overrides: Partial<ConfigInput> = {},
): Promise<{ world: LoopbackWorld; dir: string; configPath: string }> {
  const world = await startLoopbackWorld({ apps: WORLD_APPS.slice(0, 2) });
  const dir = await mkdtemp(join(tmpdir(), 'outage-watch-host-'));
  t.after(async () => {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  });
  const configPath = join(dir, 'config.json');
  await writeFile(
    configPath,
    JSON.stringify(world.config({ intervalSeconds: 5, timeoutMs: 15_000, ...overrides }), null, 2),
  );
  return { world, dir, configPath };
}

test('the engine host answers every Bridge call, saves config atomically, and stops cleanly', async (t) => {
  const { dir, configPath } = await withWorld(t);
  const children: ChildProcess[] = [];
  const supervisor = new MonitorSupervisor({
    spawn: nodeSpawner(hostArguments({ dataDir: dir, configPath, systemLocale: 'en_US' }), children),
  });
  t.after(() => supervisor.stop());
  const firstVerdict = nextState(supervisor, (state) => state.diagnosis !== null);
  supervisor.start();
  const early = supervisor.call('getCatalog', []);
  const state = await firstVerdict;
  assert.ok(((await early) as CatalogEntry[]).length > 0, 'a call made while the engine starts waits for it');
  // A loaded test machine may answer slowly ("degraded"); nothing is down.
  assert.ok(['ok', 'degraded'].includes(state.diagnosis?.verdict.kind ?? ''), state.diagnosis?.verdict.summary);
  assert.deepEqual(
    state.diagnosis?.apps.map((app) => app.id),
    ['alexa', 'primevideo'],
  );
  assert.ok(state.diagnosis?.apps.every((app) => app.status === 'up' || app.status === 'degraded'));
  assert.equal(state.language, 'en');

  const polled = (await supervisor.call('getState', [])) as AppState;
  assert.ok(polled.diagnosis !== null, 'a polled state carries the verdict too');
  assert.equal(polled.startAtLogin, null, 'start at login is filled in by main, not the engine');

  const config = (await supervisor.call('getConfig', [])) as Config;
  assert.equal(config.intervalSeconds, 5);
  assert.equal(config.gateway, 'off');

  const refused = (await supervisor.call('saveConfig', [{ ...config, intervalSeconds: 1 }])) as SaveConfigResult;
  assert.equal(refused.ok, false);
  assert.match(refused.ok ? '' : refused.problem, /intervalSeconds/);
  assert.equal(JSON.parse(await readFile(configPath, 'utf8')).intervalSeconds, 5, 'nothing saved on a problem');

  const saved = (await supervisor.call('saveConfig', [{ ...config, intervalSeconds: 60 }])) as SaveConfigResult;
  assert.equal(saved.ok, true);
  assert.equal(JSON.parse(await readFile(configPath, 'utf8')).intervalSeconds, 60);

  const checking = nextState(supervisor, (s) => s.phase === 'checking');
  await supervisor.call('checkNow', []);
  await checking;

  const paused = nextState(supervisor, (s) => s.phase === 'paused');
  await supervisor.call('pause', [60]);
  assert.ok((await paused).pausedUntil !== null);
  const resumed = nextState(supervisor, (s) => s.phase !== 'paused');
  await supervisor.call('resume', []);
  await resumed;

  const catalog = (await supervisor.call('getCatalog', [])) as CatalogEntry[];
  assert.ok(catalog.some((entry) => entry.id === 'zoom'));
  const report = (await supervisor.call('getReport', [])) as Report;
  assert.ok(report.text.length > 0);
  assert.equal(JSON.parse(report.json).schema, 1);
  const history = await supervisor.call('getHistory', [{ since: new Date(Date.now() - 3600_000).toISOString() }]);
  assert.ok(Array.isArray((history as { samples: unknown[] }).samples));

  await assert.rejects(supervisor.call('pause', ['sixty']), (error: EngineCallError) => error.kind === 'refused');
  supervisor.networkChanged('resume');

  const child = children[0];
  assert.ok(child);
  const exited = once(child, 'exit');
  await supervisor.stop();
  const [code] = await exited;
  assert.equal(code, 0, 'the engine stopped the monitor, closed the database and exited');
  await assert.rejects(supervisor.call('getState', []), (error: EngineCallError) => error.kind === 'stopped');
});

/** A scrape's series as `name{label="value",...}`, sorted; the shown verdict's labels by name only (two engines may be a look apart). */
function seriesShapes(text: string): string[] {
  return exposedSeries(text)
    .map(({ name, labels }) => {
      const shown = name === 'outagewatch_verdict_info';
      const pairs = Object.keys(labels)
        .sort()
        .map((label) => (shown ? label : `${label}="${labels[label]}"`));
      return `${name}{${pairs.join(',')}}`;
    })
    .sort();
}

test("the tray app's engine exports exactly the series `watch --metrics` serves", async (t) => {
  const hostPort = await freePort();
  const { dir, configPath } = await withWorld(t, {
    export: { prometheus: { listen: `127.0.0.1:${hostPort}` }, remoteWrite: null, labels: { site: 'cairo-office' } },
  });
  const supervisor = new MonitorSupervisor({
    spawn: nodeSpawner(hostArguments({ dataDir: dir, configPath, systemLocale: 'en_US' }), []),
  });
  t.after(() => supervisor.stop());
  const firstVerdict = nextState(supervisor, (state) => state.diagnosis !== null);
  supervisor.start();
  const state = await firstVerdict;
  assert.deepEqual(state.export.metrics, { state: 'serving', url: `http://127.0.0.1:${hostPort}/metrics` });

  // The same config file through the CLI; --metrics serves its /metrics on another port.
  const watchPort = await freePort();
  const watch = new WatchProcess([
    '--config',
    configPath,
    '--json-lines',
    '--data-dir',
    join(dir, 'watch'),
    '--metrics',
    String(watchPort),
  ]);
  t.after(() => watch.kill());
  await watch.waitFor(0, () => true, 'a first verdict');
  const scrape = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const [host, cli] = await Promise.all([scrape(hostPort), scrape(watchPort)]);
  assert.deepEqual(exposedFamilies(host), exposedFamilies(cli));
  const shapes = seriesShapes(host);
  assert.deepEqual(shapes, seriesShapes(cli));
  for (const series of [
    'outagewatch_app_up{app="alexa",provider="aws",site="cairo-office"}',
    'outagewatch_verdict_info{kind,layer,provider,region,scope,site}',
  ])
    assert.ok(shapes.includes(series), `${series} in ${JSON.stringify(shapes)}`);
});

test('a history that fails reaches main in the state: the tray says so in its menu and tooltip', async (t) => {
  const { dir, configPath } = await withWorld(t);
  const supervisor = new MonitorSupervisor({
    spawn: nodeSpawner(hostArguments({ dataDir: dir, configPath, systemLocale: 'en_US' }), []),
  });
  t.after(() => supervisor.stop());
  const firstVerdict = nextState(supervisor, (state) => state.diagnosis !== null);
  supervisor.start();
  const healthy = await firstVerdict;
  assert.deepEqual(healthy.problems, []);

  refuseHistoryWrites(dir);
  const failed = nextState(supervisor, (state) => state.problems.some((problem) => problem.kind === 'history-failed'));
  await supervisor.call('checkNow', []);
  const state = await failed;
  assert.ok(state.problems[0]?.message.includes(REFUSED_WRITE_MESSAGE), state.problems[0]?.message);
  assert.deepEqual(
    ((await supervisor.call('getState', [])) as AppState).problems.map((problem) => problem.kind),
    ['history-failed'],
    'a polled state carries it too',
  );

  const running = { kind: 'running' } as const;
  for (const language of ['en', 'ar'] as const) {
    const translator = createTranslator(language);
    const menu = trayMenuModel({ state, engine: running, startAtLogin: null, translator });
    const line = translator.t('tray:menu.problem.history-failed', { message: '' });
    assert.ok(
      menu.some((item) => item.type === 'label' && item.label.startsWith(line)),
      `${language}: a menu line says the history is not saved`,
    );
    assert.equal(
      trayTooltip(state, running, translator).split('\n')[1],
      translator.t('tray:tooltip.problem.history-failed'),
    );
  }
  // The icon keeps answering "me or them" (a problem of our own is not a
  // verdict) and carries the problem badge, seen without opening the menu.
  assert.equal(trayIconState(state, running), trayIconState({ ...state, problems: [] }, running));
  assert.equal(trayIconBadged(state, running), true);
  assert.equal(trayIconBadged({ ...state, problems: [] }, running), false);
});

test('a crashed engine is restarted and a stalled one is killed and restarted', async (t) => {
  const { dir, configPath } = await withWorld(t, { language: 'auto' });
  const children: ChildProcess[] = [];
  const supervisor = new MonitorSupervisor({
    spawn: nodeSpawner(hostArguments({ dataDir: dir, configPath, systemLocale: 'ar_EG' }), children),
    restartDelaysMs: [50],
    callTimeoutMs: 3_000,
  });
  t.after(() => supervisor.stop());
  const first = nextState(supervisor, () => true);
  supervisor.start();
  assert.equal((await first).language, 'ar', 'language "auto" follows the locale main passes');

  const down = nextEngineDown(supervisor, true);
  const back = nextEngineDown(supervisor, false);
  children[0]?.kill('SIGKILL');
  await down;
  await back;
  assert.equal(children.length, 2);
  assert.equal(((await supervisor.call('getState', [])) as AppState).language, 'ar');

  // A stopped process answers nothing: the call times out and the engine is replaced.
  const stalled = children[1];
  assert.ok(stalled);
  stalled.kill('SIGSTOP');
  const restarted = nextEngineDown(supervisor, false);
  await assert.rejects(supervisor.call('getConfig', []), (error: EngineCallError) => error.kind === 'timeout');
  await restarted;
  assert.equal(stalled.signalCode, 'SIGKILL');
  assert.equal(children.length, 3);
  assert.equal(((await supervisor.call('getConfig', [])) as Config).gateway, 'off');
});

test('the watchdog notices a stalled engine that nobody calls, and replaces it', async (t) => {
  const { dir, configPath } = await withWorld(t);
  const children: ChildProcess[] = [];
  const supervisor = new MonitorSupervisor({
    spawn: nodeSpawner(hostArguments({ dataDir: dir, configPath, systemLocale: 'en' }), children),
    restartDelaysMs: [50],
    callTimeoutMs: 2_000,
    watchdogMs: 200,
  });
  t.after(() => supervisor.stop());
  const first = nextState(supervisor, () => true);
  supervisor.start();
  await first;
  const down = nextEngineDown(supervisor, true);
  const back = nextEngineDown(supervisor, false);
  children[0]?.kill('SIGSTOP');
  await down;
  await back;
  assert.equal(children[0]?.signalCode, 'SIGKILL');
  assert.equal(children.length, 2);
});

test('an engine that cannot start reports why and is not restarted in a loop', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'outage-watch-host-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify({ apps: ['no-such-app'], gateway: 'off' }));
  const children: ChildProcess[] = [];
  const supervisor = new MonitorSupervisor({
    spawn: nodeSpawner(hostArguments({ dataDir: dir, configPath, systemLocale: 'en' }), children),
    restartDelaysMs: [10],
  });
  t.after(() => supervisor.stop());
  const fatal = new Promise<string>((resolve) => supervisor.once('fatal', resolve));
  supervisor.start();
  assert.match(await fatal, /unknown app id "no-such-app"/);
  const child = children[0];
  if (child && child.exitCode === null) await once(child, 'exit');
  assert.equal(children.length, 1);
  assert.equal(supervisor.running, false);
});

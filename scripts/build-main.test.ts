// The bundles Electron loads, built for real: the preload needs nothing but
// 'electron' (sandboxed preloads can require nothing else), and the engine
// host bundle starts, runs the monitor against a loopback world, answers, and
// stops cleanly. Node's fork stands in for utilityProcess.fork.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { isBuiltin } from 'node:module';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoopbackWorld } from '../electron/testkit/loopback-world';
import { WORLD_APPS } from '../electron/testkit/world-apps';
import { hostArguments, parseFromHost, type FromHost } from '../electron/shell/common/monitor-protocol';

const root = join(import.meta.dirname, '..');
// systeminformation's macOS temperature readers: required inside try/catch by
// functions the engine never calls, so esbuild leaves them as runtime requires.
const GUARDED_OPTIONAL_REQUIRES = ['osx-temperature-sensor', 'macos-temperature-sensor'];

test('build:main bundles main, a self-contained preload and a working engine host', async (t) => {
  const outDir = await mkdtemp(join(tmpdir(), 'outage-watch-build-'));
  t.after(() => rm(outDir, { recursive: true, force: true }));
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-main.mjs'), '--outdir', outDir], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(build.status, 0, build.stderr);

  const preload = await readFile(join(outDir, 'preload.cjs'), 'utf8');
  assert.deepEqual([...new Set(preload.match(/require\("[^"]+"\)/g))], ['require("electron")']);
  assert.match(preload, /exposeInMainWorld\(BRIDGE_GLOBAL, bridge\)/);
  assert.doesNotMatch(preload, /zod/i, 'the preload carries the call table, not the validation');
  const main = await readFile(join(outDir, 'main.cjs'), 'utf8');
  assert.match(main, /require\("electron"\)/);
  assert.doesNotMatch(main, /node:sqlite/, 'the database lives in the engine process only');
  const engineHost = await readFile(join(outDir, 'monitor-host.cjs'), 'utf8');
  const hostModules = [...new Set(engineHost.match(/require\("[^"]+"\)/g))].map((r) => r.slice(9, -2));
  assert.ok(hostModules.includes('node:sqlite'), 'the history opens through the built-in SQLite');
  assert.deepEqual(
    hostModules.filter((name) => !isBuiltin(name) && !GUARDED_OPTIONAL_REQUIRES.includes(name)),
    [],
    'the engine host loads no module from node_modules: nothing native, nothing outside the bundle',
  );

  const world = await startLoopbackWorld({ apps: WORLD_APPS.slice(0, 1) });
  const dir = await mkdtemp(join(tmpdir(), 'outage-watch-bundle-'));
  t.after(async () => {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  });
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify(world.config({ timeoutMs: 15_000 })));

  const host = fork(join(outDir, 'monitor-host.cjs'), hostArguments({ dataDir: dir, configPath, systemLocale: 'en' }), {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  t.after(() => host.kill('SIGKILL'));
  const received: FromHost[] = [];
  const firstState = new Promise<void>((resolve) => {
    host.on('message', (raw) => {
      const message = parseFromHost(raw);
      assert.ok(message, `a well-formed message: ${JSON.stringify(raw).slice(0, 200)}`);
      received.push(message);
      if (message.type === 'state' && message.state.diagnosis) resolve();
    });
  });
  await firstState;
  assert.equal(received[0]?.type, 'ready');
  host.send({ type: 'call', id: 7, call: 'getConfig', args: [] });
  host.send({ type: 'stop' });
  const [code] = await once(host, 'exit');
  assert.equal(code, 0);
  const reply = received.find((m) => m.type === 'reply');
  assert.ok(reply && reply.type === 'reply' && reply.ok && reply.id === 7);
});

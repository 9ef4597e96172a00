// The CLI's bundle, built for real: it needs no tsx and no module from
// node_modules at run time, `check --json` runs from it against a loopback
// world, and its record of inputs tells a fresh build from a stale one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { isBuiltin } from 'node:module';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLoopbackWorld } from '../electron/testkit/loopback-world';
import { WORLD_APPS } from '../electron/testkit/world-apps';
import { buildCli, cliBundleState } from './build-cli.mjs';

// systeminformation's macOS temperature readers: required inside try/catch by
// functions the engine never calls, so esbuild leaves them as runtime requires.
const GUARDED_OPTIONAL_REQUIRES = ['osx-temperature-sensor', 'macos-temperature-sensor'];

test('build:cli bundles a CLI that runs check on plain Node, and knows when it is stale', async (t) => {
  const outDir = join(await mkdtemp(join(tmpdir(), 'outage-watch-cli-')), 'dist-cli');
  t.after(() => rm(join(outDir, '..'), { recursive: true, force: true }));
  assert.equal(cliBundleState(outDir), 'missing');
  const entry = await buildCli(outDir);
  assert.equal(cliBundleState(outDir), 'fresh');

  const files = (await readdir(outDir)).filter((name) => name.endsWith('.mjs'));
  const code = (await Promise.all(files.map((name) => readFile(join(outDir, name), 'utf8')))).join('\n');
  const loaded = [
    ...code.matchAll(/\brequire\("([^"]+)"\)/g),
    ...code.matchAll(/^import .* from "([^".][^"]*)";$/gm),
    ...code.matchAll(/\bimport\("([^".][^"]*)"\)/g),
  ].map((match) => match[1] as string);
  assert.deepEqual(
    [...new Set(loaded.filter((name) => !isBuiltin(name) && !GUARDED_OPTIONAL_REQUIRES.includes(name)))],
    [],
    'the CLI loads nothing from node_modules (no tsx, nothing native): everything is in the bundle',
  );

  // An ES import of a built-in runs all its lazy exports (node:http's loads the
  // whole of undici, ~18 MiB in a long-running engine); the bundle requires them.
  const chunkUrls = files.map((name) => pathToFileURL(join(outDir, name)).href);
  const loader = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `for (const url of ${JSON.stringify(chunkUrls)}) await import(url);
       console.log(JSON.stringify(process.moduleLoadList.filter((name) => name.includes('undici'))));`,
    ],
    { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
  );
  assert.equal(loader.status, 0, loader.stderr);
  assert.deepEqual(JSON.parse(loader.stdout), [], 'loading the bundle loads no undici');

  const world = await startLoopbackWorld({ apps: WORLD_APPS.slice(0, 2) });
  const dir = await mkdtemp(join(tmpdir(), 'outage-watch-cli-run-'));
  t.after(async () => {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  });
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify(world.config({ timeoutMs: 15_000 })));
  // What bin/outage-watch.mjs does once the bundle is in place.
  const runner = join(outDir, 'run.mjs');
  await writeFile(runner, "import { runFromCommandLine } from './outage-watch.mjs';\nrunFromCommandLine();\n");
  const child = spawn(process.execPath, [runner, 'check', '--json', '--config', configPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [status] = await once(child, 'exit');
  assert.equal(status, 0, stderr);
  const report = JSON.parse(stdout) as { verdict: { kind: string }; apps: { id: string }[] };
  assert.equal(report.verdict.kind, 'ok');
  assert.deepEqual(
    report.apps.map((app) => app.id),
    WORLD_APPS.slice(0, 2).map((app) => app.id),
  );
  assert.ok(entry.endsWith('outage-watch.mjs'));

  // A build older than its sources (here: its record says it was built at the epoch) is rebuilt by the bin.
  const inputsPath = join(outDir, 'inputs.json');
  const inputs = JSON.parse(await readFile(inputsPath, 'utf8')) as { builtAt: number; inputs: string[] };
  assert.ok(inputs.inputs.includes('electron/cli/main.ts') && inputs.inputs.includes('package.json'));
  await writeFile(inputsPath, JSON.stringify({ ...inputs, builtAt: 0 }));
  assert.equal(cliBundleState(outDir), 'stale');
  await writeFile(inputsPath, JSON.stringify({ ...inputs, inputs: [...inputs.inputs, 'electron/gone.ts'] }));
  assert.equal(cliBundleState(outDir), 'stale', 'an input that is gone means the tree moved on');
});

test('outage-watch without its bundle, where it cannot be built, says so in one line and exits 1', async (t) => {
  // A copy of the package without node_modules: no esbuild to build with.
  const root = join(import.meta.dirname, '..');
  const copy = await mkdtemp(join(tmpdir(), 'outage-watch-unbuilt-'));
  t.after(() => rm(copy, { recursive: true, force: true }));
  await mkdir(join(copy, 'scripts'));
  await cp(join(root, 'bin'), join(copy, 'bin'), { recursive: true });
  for (const file of ['build-cli.mjs', 'project-node.mjs'])
    await cp(join(root, 'scripts', file), join(copy, 'scripts', file));
  await cp(join(root, 'package.json'), join(copy, 'package.json'));
  const result = spawnSync(process.execPath, [join(copy, 'bin', 'outage-watch.mjs'), 'check'], { encoding: 'utf8' });
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0] ?? '', /^outage-watch: the program is not built \(dist-cli\/ is missing\).*Run `npm ci`/);
});

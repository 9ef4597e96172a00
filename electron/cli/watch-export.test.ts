// `watch --metrics` and the export's start-up refusals, through the real CLI:
// a bad flag, a port in use, an address not of this computer, an unreadable
// token file: exit 2 and one line each (`serve` alike). And a good one serves
// /metrics on loopback while the verdicts print.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startLoopbackWorld, type LoopbackWorld } from '../testkit/loopback-world';
import { freePort } from '../testkit/prometheus';
import { runWatchToEnd, WatchProcess } from '../testkit/watch-process';
import { WORLD_APPS } from '../testkit/world-apps';

let world: LoopbackWorld;
before(async () => {
  world = await startLoopbackWorld({ apps: WORLD_APPS.slice(0, 2) });
});
after(() => world.close());

test('an export that cannot start: exit 2 and one line naming it', async (t) => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  t.after(() => holder.close());
  const address = holder.address();
  const taken = typeof address === 'object' && address ? address.port : 0;
  const config = await world.writeConfig({}, 'plain.json');
  const tokenless = await world.writeConfig(
    { export: { remoteWrite: { url: 'http://127.0.0.1:9/api/v1/write', bearerTokenFile: '/nonexistent/token' } } },
    'tokenless.json',
  );
  const dataDir = join(world.caFile, '..', 'data');
  const cases: [string[], RegExp][] = [
    [['--metrics', 'nine'], /--metrics: "nine" is not \[HOST:\]PORT/],
    [['--metrics', '::1'], /--metrics: "::1" is not \[HOST:\]PORT/],
    [['--metrics', String(taken)], /127\.0\.0\.1:\d+ \(EADDRINUSE\): the port is already in use/],
    // 198.18.0.0/15 is never this host's (contracts section 6): binding to it sends nothing.
    [
      ['--metrics', '198.18.0.1:9464'],
      /198\.18\.0\.1:9464 \(EADDRNOTAVAIL\): that address is not one of this computer's/,
    ],
  ];
  for (const [flags, expected] of cases) {
    const run = await runWatchToEnd(['--config', config, '--data-dir', dataDir, ...flags]);
    assert.equal(run.code, 2, `${flags.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '', flags.join(' '));
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, expected);
  }
  const run = await runWatchToEnd(['--config', tokenless, '--data-dir', dataDir]);
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  assert.match(run.stderr, /export\.remoteWrite\.bearerTokenFile cannot be read \(\/nonexistent\/token: ENOENT\)/);
});

test('watch --metrics PORT serves /metrics on 127.0.0.1 beside the verdict lines', async (t) => {
  const port = await freePort();
  const config = await world.writeConfig({ intervalSeconds: 5, timeoutMs: 1000 }, 'metrics.json');
  const watch = new WatchProcess([
    '--config',
    config,
    '--json-lines',
    '--data-dir',
    join(world.caFile, '..', 'metrics-data'),
    '--metrics',
    String(port),
  ]);
  t.after(() => watch.kill());
  await watch.waitFor(0, (line) => line.verdict.kind === 'ok', 'ok');
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  assert.match(text, /^outagewatch_verdict\{kind="ok"\} 1$/m);
  assert.match(text, /^outagewatch_rounds_total\{type="full"\} [1-9]/m);
  assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 404);
  assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status, 405);
  assert.deepEqual(await watch.stop(), { code: 0, signal: null });
});

test('serve refuses an export that cannot start the same way', async (t) => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  t.after(() => holder.close());
  const address = holder.address();
  const taken = typeof address === 'object' && address ? address.port : 0;
  const config = await world.writeConfig({ export: { prometheus: { listen: `127.0.0.1:${taken}` } } }, 'serve.json');
  const cli = new URL('./main.ts', import.meta.url).pathname;
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', cli, 'serve', '--config', config, '--data-dir', join(world.caFile, '..', 'serve-data')],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(run.status, 2, run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  assert.match(run.stderr, /\(EADDRINUSE\): the port is already in use/);
});

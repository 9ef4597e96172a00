// The real CLI `watch --json-lines` as a child process against the loopback
// world (fake DNS and HTTPS servers on 127.0.0.1 only, gateway off): break two
// AWS apps, see the provider outage printed, repair them, see ok again, stop
// with a signal and find the incident in the history file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { ENGINE_V8_FLAGS } from '../contracts/engine-runtime';
import { HISTORY_FILE_NAME } from '../engine/data-dir';
import { startLoopbackWorld, type LoopbackWorld } from '../testkit/loopback-world';
import { runWatchToEnd, WatchProcess } from '../testkit/watch-process';
import { WORLD_APPS } from '../testkit/world-apps';

const cliEntry = new URL('./main.ts', import.meta.url).pathname;
const AWS_503 = {
  kind: 'respond',
  status: 503,
  headers: { server: 'awselb/2.0' },
  body: '503 Service Temporarily Unavailable',
} as const;

let world: LoopbackWorld;
let folder: string;

before(async () => {
  world = await startLoopbackWorld({ apps: WORLD_APPS });
  folder = await mkdtemp(join(tmpdir(), 'outage-watch-watch-'));
});
after(async () => {
  await world.close();
  await rm(folder, { recursive: true, force: true });
});

test('watch --json-lines prints ok, then the AWS outage within seconds, then ok again; SIGINT stops it cleanly', async (t) => {
  const dataDir = join(folder, 'data');
  const config = await world.writeConfig({ intervalSeconds: 5, timeoutMs: 1000 }, 'watch.json');
  const watch = new WatchProcess(['--config', config, '--json-lines', '--data-dir', dataDir]);
  t.after(() => watch.kill());

  const first = await watch.waitFor(0, () => true, 'first');
  assert.equal(first.verdict.kind, 'ok', first.verdict.summary);
  assert.ok(!Number.isNaN(Date.parse(first.at)) && first.at.endsWith('Z'), 'ISO-8601 time');

  world.setAppHttp('alexa', AWS_503);
  world.setAppHttp('primevideo', AWS_503);
  const brokenAt = Date.now();
  const outage = await watch.waitFor(1, (line) => line.verdict.kind !== 'ok', 'outage');
  const noticedMs = Date.now() - brokenAt;
  assert.equal(outage.verdict.kind, 'provider-outage', outage.verdict.summary);
  assert.equal(outage.verdict.provider, 'aws');
  assert.equal(outage.verdict.region, 'us-east-1');
  assert.deepEqual([...outage.verdict.apps].sort(), ['alexa', 'primevideo']);
  t.diagnostic(`outage printed ${noticedMs} ms after the upstream broke`);

  const outageIndex = watch.lines.indexOf(outage);
  world.setAppHttp('alexa', null);
  world.setAppHttp('primevideo', null);
  const repairedAt = Date.now();
  const recovered = await watch.waitFor(outageIndex + 1, (line) => line.verdict.kind === 'ok', 'recovery');
  t.diagnostic(`ok printed ${Date.now() - repairedAt} ms after the repair`);
  assert.deepEqual(
    watch.lines.slice(0, watch.lines.indexOf(recovered) + 1).map((line) => line.verdict.kind),
    ['ok', 'provider-outage', 'ok'],
    'no flapping in between',
  );

  watch.child.kill('SIGINT');
  const exit = await watch.exited;
  assert.deepEqual(exit, { code: 0, signal: null }, watch.stderr);

  const db = new DatabaseSync(join(dataDir, HISTORY_FILE_NAME), { readOnly: true });
  try {
    assert.deepEqual({ ...db.prepare('PRAGMA integrity_check').get() }, { integrity_check: 'ok' });
    const incidents = db.prepare('SELECT kind, provider, region, closed_at FROM incidents').all() as {
      kind: string;
      closed_at: number | null;
    }[];
    assert.equal(incidents.length, 1);
    assert.equal(incidents[0]?.kind, 'provider-outage');
    assert.notEqual(incidents[0]?.closed_at, null, 'closed at the recovery');
    assert.ok(
      Number(db.prepare("SELECT COUNT(*) AS n FROM samples WHERE app_id = 'alexa' AND status = 'down'").get()?.n) >= 2,
    );
  } finally {
    db.close();
  }
});

test("watch runs in its own process with the engine's V8 flags, and stops on SIGTERM with exit 0 (human lines)", async (t) => {
  const config = await world.writeConfig({ intervalSeconds: 5, timeoutMs: 1000 }, 'watch-term.json');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cliEntry, 'watch', '--config', config, '--data-dir', join(folder, 'term')],
    {
      stdio: 'pipe',
    },
  );
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve();
    });
  });
  assert.match(stdout, /^\[.+\] ok: .+/);
  if (process.platform === 'linux') {
    // The process replaced itself (same pid, no second process) with the flags a long-running engine runs on.
    const argv = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
    for (const flag of ENGINE_V8_FLAGS) assert.ok(argv.includes(flag), `${flag} in ${argv.join(' ')}`);
    assert.equal(argv.filter((arg) => arg === cliEntry).length, 1, 'the command line once, as given');
    assert.deepEqual(argv.slice(-5), ['watch', '--config', config, '--data-dir', join(folder, 'term')]);
  }
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  assert.equal(code, 0);
});

test('bad usage, bad config and an unusable data folder: exit 2 and one line', async () => {
  const badConfig = join(folder, 'bad.json');
  await writeFile(badConfig, JSON.stringify({ intervalSeconds: 1 }));
  const blocker = join(folder, 'a-file');
  await writeFile(blocker, 'not a folder');
  const goodConfig = await world.writeConfig({}, 'watch-good.json');
  for (const args of [
    ['--nope'],
    ['extra'],
    ['--config', badConfig],
    ['--config', goodConfig, '--data-dir', join(blocker, 'data')],
  ]) {
    const run = await runWatchToEnd(args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '', args.join(' '));
    assert.equal(run.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${run.stderr}`);
  }
});

// `outage-watch serve` and `demo` as commands: the first stdout line is the
// URL with the token, the window and its API answer through it, bad usage is
// a UsageError (exit 2 from the CLI entry), and an abort stops cleanly.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TOKEN_HEADER } from '../contracts/serve-protocol';
import { startLoopbackWorld, type LoopbackWorld } from '../testkit/loopback-world';
import { WORLD_APPS } from '../testkit/world-apps';
import { REFUSED_WRITE_MESSAGE, refuseHistoryWrites } from '../testkit/history-faults';
import { ensureRendererBuilt } from '../../e2e/support/renderer-build';
import { runDemoCommand } from './demo';
import { UsageError, type CliIo } from './io';
import { runServeCommand } from './serve';

let world: LoopbackWorld;
let folder: string;

before(async () => {
  ensureRendererBuilt();
  world = await startLoopbackWorld({ apps: WORLD_APPS });
  folder = await mkdtemp(join(tmpdir(), 'outage-watch-serve-cli-'));
});

after(async () => {
  await world.close();
  await rm(folder, { recursive: true, force: true });
});

interface Running {
  url: Promise<string>;
  stdout: string[];
  stderr: string[];
  stop: () => void;
  exit: Promise<number>;
}

function start(command: (argv: string[], io: CliIo, outside: null) => Promise<number>, argv: string[]): Running {
  const controller = new AbortController();
  const stdout: string[] = [];
  const stderr: string[] = [];
  let gotUrl: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => {
    gotUrl = resolve;
  });
  const exit = command(
    argv,
    {
      stdout: (line) => {
        if (stdout.length === 0) gotUrl(line);
        stdout.push(line);
      },
      stderr: (line) => stderr.push(line),
      signal: controller.signal,
      // Never the internet's status feeds and range lists: the tests stay on loopback.
    },
    null,
  );
  return { url, stdout, stderr, stop: () => controller.abort(), exit };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('serve prints the URL first, serves the window and the live state, and stops on abort', async () => {
  const config = await world.writeConfig({ language: 'en' }, 'serve.json');
  const port = await freePort();
  const run = start(runServeCommand, ['--config', config, '--port', String(port), '--data-dir', join(folder, 'data')]);
  const url = await Promise.race([run.url, run.exit.then((code) => `exited ${code}: ${run.stderr.join(' ')}`)]);
  assert.match(url, new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{32}$`));
  const token = new URL(url).searchParams.get('token') ?? '';

  const first = await fetch(url, { redirect: 'manual' });
  assert.equal(first.status, 303);
  const page = await fetch(`http://127.0.0.1:${port}/`, { headers: { [TOKEN_HEADER]: token } });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<div id="root">/);
  assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 403);

  // The monitor behind it probes the loopback world and reaches a verdict.
  let kind: string | undefined;
  for (let attempt = 0; attempt < 60 && kind === undefined; attempt += 1) {
    const reply = await fetch(`http://127.0.0.1:${port}/api/call/getState`, {
      method: 'POST',
      headers: { [TOKEN_HEADER]: token, 'content-type': 'application/json' },
      body: '{"args":[]}',
    });
    kind = ((await reply.json()) as { result: { diagnosis: { verdict: { kind: string } } | null } }).result.diagnosis
      ?.verdict.kind;
    if (kind === undefined) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.equal(kind, 'ok');

  // Settings saves to the --config file.
  const saved = await fetch(`http://127.0.0.1:${port}/api/call/saveConfig`, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: token, 'content-type': 'application/json' },
    body: JSON.stringify({ args: [{ ...world.config({ language: 'en' }), intervalSeconds: 42 }] }),
  });
  assert.equal(((await saved.json()) as { result: { ok: boolean } }).result.ok, true);
  assert.equal((JSON.parse(await readFile(config, 'utf8')) as { intervalSeconds: number }).intervalSeconds, 42);

  run.stop();
  assert.equal(await run.exit, 0);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/`), 'the server is closed');
});

async function until<T>(what: string, read: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('serve logs a problem of the engine on stderr, and the window gets it in the state', async () => {
  const config = await world.writeConfig({ language: 'en' }, 'serve-problem.json');
  const dataDir = join(folder, 'failing-history');
  const run = start(runServeCommand, ['--config', config, '--data-dir', dataDir]);
  const url = await Promise.race([run.url, run.exit.then((code) => `exited ${code}: ${run.stderr.join(' ')}`)]);
  const { origin } = new URL(url);
  const token = new URL(url).searchParams.get('token') ?? '';
  const call = async (name: string) => {
    const reply = await fetch(`${origin}/api/call/${name}`, {
      method: 'POST',
      headers: { [TOKEN_HEADER]: token, 'content-type': 'application/json' },
      body: '{"args":[]}',
    });
    return ((await reply.json()) as { result: unknown }).result;
  };
  type Served = { diagnosis: unknown; problems: { kind: string; message: string }[] };
  await until('a verdict', async () => ((await call('getState')) as Served).diagnosis ?? undefined);

  refuseHistoryWrites(dataDir);
  await call('checkNow');
  const line = await until('the stderr line', () => run.stderr.find((text) => text.includes('history-failed')));
  assert.match(line, /^outage-watch: history-failed: /);
  assert.ok(line.includes(REFUSED_WRITE_MESSAGE), line);
  const state = (await call('getState')) as Served;
  assert.deepEqual(
    state.problems.map((problem) => problem.kind),
    ['history-failed'],
  );
  run.stop();
  assert.equal(await run.exit, 0);
});

test('serve refuses bad usage with one clear message', async () => {
  await assert.rejects(
    runServeCommand(['--port', 'http'], { stdout: () => undefined, stderr: () => undefined }),
    (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /--port: "http" is not a port/);
      return true;
    },
  );
  await assert.rejects(runServeCommand(['--colour'], { stdout: () => undefined, stderr: () => undefined }), UsageError);
  await assert.rejects(
    runServeCommand(['--config', join(folder, 'missing.json')], { stdout: () => undefined, stderr: () => undefined }),
    (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /missing\.json: cannot read the config file/);
      return true;
    },
  );
});

test('serve says so when the port is taken', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as { port: number };
  try {
    const config = await world.writeConfig({ language: 'en' }, 'taken.json');
    await assert.rejects(
      runServeCommand(
        ['--config', config, '--port', String(port), '--data-dir', join(folder, 'taken')],
        { stdout: () => undefined, stderr: () => undefined },
        null,
      ),
      (error: Error) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, new RegExp(`port ${port} is already in use`));
        return true;
      },
    );
  } finally {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  }
});

test('demo serves its own loopback world with the scenario switch', async () => {
  const run = start(runDemoCommand, []);
  const url = await Promise.race([run.url, run.exit.then((code) => `exited ${code}: ${run.stderr.join(' ')}`)]);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  const origin = new URL(url).origin;
  const token = new URL(url).searchParams.get('token') ?? '';
  const demo = await fetch(`${origin}/api/demo`, { headers: { [TOKEN_HEADER]: token } });
  const state = ((await demo.json()) as { result: { current: string; scenarios: string[] } }).result;
  assert.equal(state.current, 'all-fine');
  assert.deepEqual(state.scenarios, [
    'all-fine',
    'offline-like',
    'dns-broken-locally',
    'aws-like-outage',
    'fastly-like-outage',
    'one-app-down',
    'filter-blocks-app',
  ]);
  const config = await fetch(`${origin}/api/call/getConfig`, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: token, 'content-type': 'application/json' },
    body: '{"args":[]}',
  });
  const settings = (
    (await config.json()) as {
      result: {
        gateway: string;
        resolvers: { system: string[]; public: { address: string }[] };
        controls: string[];
        captivePortal: { url: string };
      };
    }
  ).result;
  // Nothing outside loopback: no gateway, every resolver, control and app on 127.0.0.1.
  assert.equal(settings.gateway, 'off');
  for (const address of [...settings.resolvers.system, ...settings.resolvers.public.map((r) => r.address)])
    assert.match(address, /^127\.0\.0\.1:\d+$/);
  for (const control of settings.controls) assert.match(control, /^https:\/\/[a-z0-9-]+\.test:\d+\//);
  assert.match(settings.captivePortal.url, /^http:\/\/captive\.test:\d+\//);
  run.stop();
  assert.equal(await run.exit, 0);
});

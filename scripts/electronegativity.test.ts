// The security gate itself: it must fail on a high-severity finding and pass
// our own code. Both run Electronegativity for real, offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, 'electronegativity.mjs');

function scan(args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 240_000 });
}

test('a window with node integration and no context isolation fails the gate', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'outage-watch-insecure-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await writeFile(
    join(root, 'package.json'),
    JSON.stringify({ name: 'insecure', devDependencies: { electron: '45.4.1' } }),
  );
  await mkdir(join(root, 'electron', 'shell'), { recursive: true });
  await writeFile(
    join(root, 'electron', 'shell', 'main.ts'),
    [
      "import { BrowserWindow } from 'electron';",
      'const window = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });',
      "void window.loadURL('http://example.invalid/');",
      '',
    ].join('\n'),
  );
  const result = scan(['--root', root]);
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /HIGH\s+\S+\s+(NODE_INTEGRATION_JS_CHECK|CONTEXT_ISOLATION_JS_CHECK)/);
  assert.match(result.stdout, /electronegativity: \d+ checks, \d+ findings, [1-9]\d* high/);
});

test('our Electron code has no high-severity finding', () => {
  const result = scan([]);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /, 0 high, 0 unparsed files/);
});

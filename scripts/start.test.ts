// `npm start` where the Electron binary cannot be had: one plain line that
// points to the browser version, and a failing exit code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { findElectronBinary } from './electron-binary.mjs';

test('npm start without the Electron binary says so in one line and points to serve and demo', (t) => {
  if (findElectronBinary()) {
    t.skip('the Electron binary is installed here, so npm start would launch the app');
    return;
  }
  // An unreachable download mirror keeps the first-run fetch offline and quick.
  const result = spawnSync(process.execPath, [join(import.meta.dirname, 'start.mjs')], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', ELECTRON_GET_USE_PROXY: '' },
  });
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0] ?? '', /Electron is not available here/);
  assert.match(lines[0] ?? '', /cli -- serve/);
  assert.match(lines[0] ?? '', /cli -- demo/);
});

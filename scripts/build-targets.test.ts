// The preload's esbuild target is the Chromium that the installed Electron
// ships (electron-to-chromium, the table browserslist keeps, maps one to the
// other): an older target transpiles for nothing, a newer one could emit
// syntax the window's Chromium does not run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

test("build-main's Chromium target and comment are the installed Electron's Chromium", () => {
  const electron = (require('electron/package.json') as { version: string }).version;
  const chromium = (require('electron-to-chromium/full-versions.json') as Record<string, string>)[electron];
  assert.ok(chromium, `electron-to-chromium knows Electron ${electron}`);
  const major = chromium.split('.')[0];
  const source = readFileSync(join(root, 'scripts', 'build-main.mjs'), 'utf8');
  assert.deepEqual([...new Set(source.match(/chrome\d+/g))], [`chrome${major}`]);
  assert.match(source, new RegExp(`Electron ${electron.split('.')[0]} runs Node \\d+ and Chromium ${major}\\b`));
});

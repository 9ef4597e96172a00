// Only electron/shell/ may load 'electron' (design.md section 2), and within
// it only the thin Electron files: loading 'electron' under plain Node runs
// its installer, which tries to download a binary. Type-only imports are fine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** The shell files that run inside Electron; everything else must run under Node. */
const ELECTRON_FILES = new Set([
  'electron/shell/main/main.ts',
  'electron/shell/main/tray.ts',
  'electron/shell/main/notifications.ts',
  'electron/shell/main/window.ts',
  'electron/shell/main/ipc.ts',
  'electron/shell/preload/preload.ts',
  'electron/shell/main/login-item.ts',
  'electron/shell/main/hardening.ts',
]);

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.tsx?$/.test(name)) out.push(relative(root, path));
  }
  return out;
}

/** Runtime imports of 'electron' (not `import type`, not `import { type X }` only). */
function loadsElectron(text: string): boolean {
  for (const match of text.matchAll(/^\s*import\s+(type\s+)?([^;]*?)\s+from\s+['"]electron['"]/gm)) {
    if (match[1]) continue;
    const names = match[2] ?? '';
    const braced = /^\{([^}]*)\}$/.exec(names.trim());
    if (braced && (braced[1] ?? '').split(',').every((part) => part.trim() === '' || part.trim().startsWith('type ')))
      continue;
    return true;
  }
  return /require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/.test(text);
}

test('the import check itself tells runtime from type-only imports', () => {
  assert.equal(loadsElectron("import { app } from 'electron';"), true);
  assert.equal(loadsElectron("import { app, type Tray } from 'electron';"), true);
  assert.equal(loadsElectron("const e = require('electron');"), true);
  assert.equal(loadsElectron("import type { Tray } from 'electron';"), false);
  assert.equal(loadsElectron("import { type Tray, type Menu } from 'electron';"), false);
  assert.equal(loadsElectron("import { z } from 'zod';"), false);
});

test("only the thin Electron files of electron/shell load 'electron'", () => {
  const offenders = [...sources(join(root, 'electron')), ...sources(join(root, 'renderer'))]
    .filter((file) => !ELECTRON_FILES.has(file) && file !== relative(root, import.meta.filename))
    .filter((file) => loadsElectron(readFileSync(join(root, file), 'utf8')));
  assert.deepEqual(offenders, []);
  for (const file of ELECTRON_FILES)
    assert.ok(loadsElectron(readFileSync(join(root, file), 'utf8')), `${file} is listed but does not use electron`);
});

// The layer table holds itself: it is acyclic (so no two folders can import
// each other), every listed path exists, and the lint rule built from it
// really refuses a crossing, an I/O import in a pure layer and a runtime
// 'electron' import outside the Electron layers.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { LAYERS } from './layers.mjs';

const root = join(import.meta.dirname, '..');

test('the layer table is acyclic and names only real layers and folders', () => {
  const byName = new Map(LAYERS.map((entry) => [entry.layer, entry]));
  for (const { layer, path, may } of LAYERS) {
    assert.ok(existsSync(join(root, path)), `${layer}: ${path} exists`);
    for (const below of may) assert.ok(byName.has(below), `${layer} may import "${below}", a known layer`);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (layer: string, trail: string[]): void => {
    if (state.get(layer) === 'done') return;
    assert.notEqual(state.get(layer), 'visiting', `cycle: ${[...trail, layer].join(' -> ')}`);
    state.set(layer, 'visiting');
    for (const below of byName.get(layer)?.may ?? []) visit(below, [...trail, layer]);
    state.set(layer, 'done');
  };
  for (const { layer } of LAYERS) visit(layer, []);
});

async function lintAs(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

test('the lint rule refuses an import the table does not allow, and passes one it does', async () => {
  const refused = await lintAs('electron/diagnose/example.ts', "export { runRound } from '../probe/round';\n");
  assert.ok(
    refused.some((message) => message.startsWith('boundaries/dependencies')),
    refused.join('\n'),
  );
  const allowed = await lintAs('electron/probe/example.ts', "export { findCatalogApp } from '../catalog/index';\n");
  assert.deepEqual(
    allowed.filter((message) => message.startsWith('boundaries/')),
    [],
  );
});

test('a pure layer may not import node: modules; only shell/main and shell/preload load electron', async () => {
  const io = await lintAs('electron/diagnose/example.ts', "export { readFile } from 'node:fs/promises';\n");
  assert.ok(
    io.some((message) => message.includes('a pure layer does no I/O')),
    io.join('\n'),
  );
  const electronInEngine = await lintAs('electron/engine/example.ts', "export { app } from 'electron';\n");
  assert.ok(electronInEngine.some((message) => message.includes('only shell/main and shell/preload')));
  const typesOnly = await lintAs('electron/shell/common/example.ts', "export type { Tray } from 'electron';\n");
  assert.ok(!typesOnly.some((message) => message.includes('only shell/main and shell/preload')), typesOnly.join('\n'));
  const inMain = await lintAs('electron/shell/main/example.ts', "export { app } from 'electron';\n");
  assert.ok(!inMain.some((message) => message.includes('only shell/main and shell/preload')), inMain.join('\n'));
});

// The layer table holds itself: it is acyclic (so no two folders can import
// each other), every listed path exists, and the lint rule built from it
// really refuses a crossing (also between the product and its tooling), an
// I/O import in any pure layer and a runtime 'electron' import outside the
// Electron layers.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { LAYERS, PURE_LAYERS, TOOLING } from './layers.mjs';

const root = join(import.meta.dirname, '..');

test('the layer table is acyclic and names only real layers and folders', () => {
  const table = [...LAYERS, ...TOOLING];
  const byName = new Map(table.map((entry) => [entry.layer, entry]));
  assert.equal(byName.size, table.length, 'every layer has its own name');
  for (const { layer, path, may } of table) {
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
  for (const { layer } of table) visit(layer, []);
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

const refusedCrossing = (messages: string[]): boolean =>
  messages.some((message) => message.startsWith('boundaries/dependencies'));

test('the product never imports its tooling; the tooling imports the product and the build tools', async () => {
  for (const [file, code] of [
    ['electron/engine/example.ts', "export { startLab } from '../../e2e/lab/lab';\n"],
    ['electron/serve/example.ts', "export { runTool } from '../../scripts/tools.mjs';\n"],
    ['renderer/example.ts', "export { median } from '../scripts/bench/stats';\n"],
    // A build tool runs before anything is built: it may not use the product or the lab.
    ['scripts/example.mjs', "export { startLab } from '../e2e/lab/lab';\n"],
    ['bin/example.mjs', "export { median } from '../scripts/bench/stats';\n"],
    // e2e uses the build tools, not the benchmarks (which use e2e's lab).
    ['e2e/example.ts', "export { median } from '../scripts/bench/stats';\n"],
  ] as const) {
    const messages = await lintAs(file, code);
    assert.ok(refusedCrossing(messages), `${file}: ${code}${messages.join('\n')}`);
  }
  for (const [file, code] of [
    [
      'e2e/example.ts',
      "export { runTool } from '../scripts/tools.mjs';\nexport { diagnose } from '../electron/diagnose/index';\n",
    ],
    ['scripts/example.ts', "export { startLab } from '../e2e/lab/lab';\nexport { runTool } from './tools.mjs';\n"],
    ['bin/example.mjs', "export { buildCli } from '../scripts/build-cli.mjs';\n"],
  ] as const) {
    const messages = await lintAs(file, code);
    assert.deepEqual(
      messages.filter((message) => message.startsWith('boundaries/')),
      [],
      `${file}: ${code}`,
    );
  }
});

test('a pure layer may not import node: modules; only shell/main and shell/preload load electron', async () => {
  assert.ok(PURE_LAYERS.includes('catalog'), "diagnose uses the catalog's data, so the catalog is pure");
  for (const layer of PURE_LAYERS) {
    const path = LAYERS.find((entry) => entry.layer === layer)?.path;
    const io = await lintAs(`${path}/example.ts`, "export { readFile } from 'node:fs/promises';\n");
    assert.ok(
      io.some((message) => message.includes('a pure layer does no I/O')),
      `${layer}: ${io.join('\n')}`,
    );
  }
  const electronInEngine = await lintAs('electron/engine/example.ts', "export { app } from 'electron';\n");
  assert.ok(electronInEngine.some((message) => message.includes('only shell/main and shell/preload')));
  const typesOnly = await lintAs('electron/shell/common/example.ts', "export type { Tray } from 'electron';\n");
  assert.ok(!typesOnly.some((message) => message.includes('only shell/main and shell/preload')), typesOnly.join('\n'));
  const inMain = await lintAs('electron/shell/main/example.ts', "export { app } from 'electron';\n");
  assert.ok(!inMain.some((message) => message.includes('only shell/main and shell/preload')), inMain.join('\n'));
});

#!/usr/bin/env node
// `npm run dist [-- --linux | --mac | --win ...]`: builds the window and the
// bundles, stages dist-app/ (scripts/stage-app.mjs) and runs electron-builder
// with dist-app/ as its project folder, so it finds no dependencies to pack.
// Needs the internet (Electron and electron-builder's tools); docs/packaging.md.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAGE_DIR, stageApp } from './stage-app.mjs';
import { runTool } from './tools.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

if (runTool('vite', ['build', '--logLevel', 'warn']) !== 0) process.exit(1);
const buildMain = spawnSync(process.execPath, [join(root, 'scripts', 'build-main.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (buildMain.status !== 0) process.exit(buildMain.status ?? 1);
const files = stageApp(join(root, STAGE_DIR), root, { withBuildInputs: true });
console.log(`dist: ${files.length} app files staged in ${STAGE_DIR}/`);
const status = runTool(
  'electron-builder',
  [
    '--projectDir',
    join(root, STAGE_DIR),
    '--config',
    join(root, 'build', 'electron-builder.config.cjs'),
    '--publish',
    'never',
    ...process.argv.slice(2),
  ],
  { command: 'electron-builder' },
);
process.exit(status);

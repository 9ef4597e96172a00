#!/usr/bin/env node
// `npm start`: builds the window and the main process, then runs the app in
// Electron. Where Electron's binary is missing it says so in one line and
// points to the browser version of the same UI.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';
import { runTool } from './tools.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Electron 42+ fetches its binary on first run: try that once. At a terminal
// the download shows its progress bar; elsewhere it stays quiet.
function fetchElectronBinary() {
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  const interactive = Boolean(process.stderr.isTTY);
  if (interactive) {
    const { version } = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
    console.error(`Downloading Electron ${version} (once, about 100 MB)…`);
  }
  spawnSync(process.execPath, [installer], {
    cwd: root,
    stdio: interactive ? 'inherit' : 'ignore',
    timeout: 600_000,
  });
  return findElectronBinary();
}

const electron = findElectronBinary() ?? fetchElectronBinary();
if (!electron) {
  console.error(
    'Electron is not available here (its binary is missing and could not be downloaded); run the same UI in a browser with `npm run --silent cli -- serve` or try it with `npm run --silent cli -- demo`.',
  );
  process.exit(1);
}

if (runTool('vite', ['build', '--logLevel', 'warn']) !== 0) process.exit(1);
const buildMain = spawnSync(process.execPath, [join(root, 'scripts', 'build-main.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (buildMain.error) console.error(`npm start: could not build the main process: ${buildMain.error.message}`);
if (buildMain.status !== 0) process.exit(buildMain.status ?? 1);

const app = spawn(electron, [root], { cwd: root, stdio: 'inherit' });
app.on('error', (error) => {
  console.error(`npm start: could not start Electron (${electron}): ${error.message}`);
  process.exit(1);
});
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));

#!/usr/bin/env node
// `npm start`: builds the window and the main process, then runs the app in
// Electron. Where Electron's binary is missing it says so in one line and
// points to the browser version of the same UI.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Electron 42+ fetches its binary on first run: try that once, quietly.
function fetchElectronBinary() {
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  spawnSync(process.execPath, [installer], { cwd: root, stdio: 'ignore', timeout: 300_000 });
  return findElectronBinary();
}

const electron = findElectronBinary() ?? fetchElectronBinary();
if (!electron) {
  console.error(
    'Electron is not available here (its binary is missing and could not be downloaded); run the same UI in a browser with `npm run --silent cli -- serve` or try it with `npm run --silent cli -- demo`.',
  );
  process.exit(1);
}

for (const [command, args] of [
  ['npx', ['vite', 'build', '--logLevel', 'warn']],
  [process.execPath, [join(root, 'scripts', 'build-main.mjs')]],
]) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const app = spawn(electron, [root], { cwd: root, stdio: 'inherit' });
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));

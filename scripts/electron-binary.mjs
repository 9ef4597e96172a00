// Where the Electron binary is, or null when it was never downloaded.
// `require('electron')` would try to download it (no network here), so the
// path is worked out the way node_modules/electron/index.js does, read-only.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const electronPackage = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'electron');

const PLATFORM_PATHS = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

/** @returns {string | null} */
export function findElectronBinary() {
  const pathFile = join(electronPackage, 'path.txt');
  const relative = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : (PLATFORM_PATHS[process.platform] ?? 'electron');
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronPackage, 'dist');
  const binary = join(distDir, relative);
  return existsSync(binary) ? binary : null;
}

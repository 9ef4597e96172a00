// The packaging config, checked offline: electron-builder's own schema
// validation, then what matters to us (targets, icons, fuses, files).
// Building the packages needs downloads this machine cannot make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_ID, PRODUCT_NAME } from '../electron/shell/common/app-identity';
import { TRAY_ICON_STATES, trayIconFiles } from '../electron/shell/common/tray-icon-model';
import { makeIcons } from './make-icons';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { buildResources: string; output: string };
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string; executableName: string };
  mac: { target: string[]; icon: string; entitlements: string; extendInfo: Record<string, unknown> };
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

test('targets: AppImage and deb, dmg, nsis', () => {
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.deepEqual(config.mac.target, ['dmg']);
  assert.deepEqual(config.win.target, ['nsis']);
  assert.equal(config.mac.extendInfo.LSUIElement, true, 'a menu bar app has no Dock icon');
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

test('files: the bundled main, preload and engine host, and the built window', async () => {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { main: string };
  assert.equal(pkg.main, 'dist-electron/main.cjs');
  assert.ok(config.files.includes('dist-electron/**/*'));
  assert.ok(config.files.includes('dist/renderer/**/*'));
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
      for (const file of trayIconFiles(state, platform))
        assert.ok(existsSync(join(root, trayResource.from, file)), file);
    }
  }
});

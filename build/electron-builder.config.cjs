// electron-builder: `npm run dist` packages the app for Linux (deb first,
// AppImage), macOS (dmg) and Windows (nsis); docs/packaging.md has the steps
// per OS. Its project folder is dist-app/ (scripts/stage-app.mjs: the
// bundles, the window, a package.json without dependencies, and the icons,
// entitlements and strings it builds with), so no node_modules ship and
// every path below is relative to dist-app/. Every icon is generated from the
// SVG sources by `npm run icons` (resources/icons/generated, git-ignored).
// Fuses are flipped at package time: no ELECTRON_RUN_AS_NODE, no NODE_OPTIONS
// or --inspect, encrypted cookies, and on macOS and Windows the app loads
// only from an integrity-checked app.asar.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- electron-builder loads this file as CommonJS
const { readFileSync } = require('node:fs');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
const { join } = require('node:path');

const icons = 'resources/icons/generated';
const project = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
const trayTexts = JSON.parse(readFileSync(join(__dirname, '..', 'resources', 'locales', 'en', 'tray.json'), 'utf8'));
// Test builds without an Apple certificate: OUTAGE_WATCH_MAC_SIGN=adhoc signs
// ad hoc (Apple Silicon runs nothing unsigned), re-signed after the fuses flip.
const macAdHoc = process.env.OUTAGE_WATCH_MAC_SIGN === 'adhoc';

/** @type {import('app-builder-lib').Configuration} */
module.exports = {
  appId: 'app.outagewatch.desktop',
  productName: 'Outage Watch',
  copyright: 'Copyright © Outage Watch contributors',
  // dist-app/ has no electron dependency of its own to read the version from.
  electronVersion: project.devDependencies.electron,
  directories: { buildResources: 'build', output: '../release' },
  // The app; the rest of dist-app/ is what electron-builder builds with.
  files: ['package.json', 'dist-electron/**/*', 'dist/renderer/**/*'],
  // Nothing native and nothing to rebuild: the history uses the built-in node:sqlite.
  npmRebuild: false,
  asar: true,
  extraResources: [
    { from: `${icons}/tray`, to: 'icons/tray' },
    { from: `${icons}/app/linux/256x256.png`, to: 'icons/app/linux/256x256.png' },
  ],
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    resetAdHocDarwinSignature: macAdHoc,
  },
  linux: {
    // The deb first: Ubuntu 24.04+ blocks the unprivileged user namespaces
    // Chromium's sandbox needs, so an AppImage aborts there (docs/packaging.md).
    target: ['deb', 'AppImage'],
    icon: `${icons}/app/linux`,
    category: 'Network',
    executableName: 'outage-watch',
    synopsis: 'Is it me, or is it them?',
    description: 'A tray app that tells a local network problem from a cloud or app outage in seconds.',
    maintainer: 'Outage Watch contributors',
  },
  deb: { priority: 'optional' },
  mac: {
    target: ['dmg'],
    icon: `${icons}/app/icon.png`,
    category: 'public.app-category.utilities',
    hardenedRuntime: true,
    ...(macAdHoc ? { identity: '-' } : {}),
    entitlements: macAdHoc ? 'build/entitlements.mac.adhoc.plist' : 'build/entitlements.mac.plist',
    entitlementsInherit: macAdHoc ? 'build/entitlements.mac.adhoc.plist' : 'build/entitlements.mac.plist',
    extendInfo: {
      // A menu bar app: no Dock icon.
      LSUIElement: true,
      // macOS 15 asks before an app reaches the local network (the router, LAN resolvers).
      NSLocalNetworkUsageDescription: trayTexts.macos.localNetworkUsage,
    },
    // <lang>.lproj/InfoPlist.strings: that reason in every language (scripts/stage-app.mjs).
    extraResources: [{ from: 'dist/mac-strings', to: '.' }],
  },
  dmg: { title: '${productName} ${version}' },
  win: {
    target: ['nsis'],
    icon: `${icons}/app/icon.ico`,
  },
  nsis: { oneClick: true, perMachine: false, deleteAppDataOnUninstall: false },
};

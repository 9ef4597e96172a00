#!/usr/bin/env node
// `npm test`: typecheck, lint (ESLint and Prettier), build the renderer, then every test file in one
// node:test run so the closing summary counts them all.
//   node scripts/test.mjs [--only unit|e2e|lab] [file ...]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureProjectNode } from './project-node.mjs';
import { runTool } from './tools.mjs';

await ensureProjectNode('npm test');

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : null;

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (/\.(test|spec)\.tsx?$/.test(name)) out.push(relative(root, path));
  }
  return out;
}

function check(label, status) {
  if (status !== 0) {
    console.error(`\n${label} failed (exit ${status}).`);
    process.exit(status || 1);
  }
}

function runProjectTool(label, pkg, toolArgs, command = pkg) {
  console.log(`\n== ${label}: ${command} ${toolArgs.join(' ')}`);
  check(label, runTool(pkg, toolArgs, { command }));
}

function run(label, command, commandArgs) {
  console.log(`\n== ${label}: ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.error) console.error(`${label}: could not start ${command}: ${result.error.message}`);
  check(label, result.status ?? 1);
}

const suites = {
  unit: (f) =>
    f.startsWith('electron/') || f.startsWith('renderer/') || f.startsWith('scripts/') || f.startsWith('eslint/'),
  e2e: (f) => f.startsWith('e2e/') && !f.startsWith('e2e/lab/'),
  lab: (f) => f.startsWith('e2e/lab/'),
};

let files =
  args.length > 0
    ? args
    : ['electron', 'renderer', 'e2e', 'scripts', 'eslint'].flatMap((d) => findTests(join(root, d)));
if (only) files = files.filter(suites[only] ?? (() => false));

if (args.length === 0) {
  runProjectTool('typecheck', 'typescript', ['-p', 'tsconfig.json'], 'tsc');
  runProjectTool('lint', 'eslint', ['.']);
  runProjectTool('format', 'prettier', ['--check', '.']);
  if ((!only || only === 'e2e') && existsSync(join(root, 'vite.config.ts')))
    runProjectTool('renderer build', 'vite', ['build', '--logLevel', 'warn']);
}
run('tests', process.execPath, [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  '--test-concurrency=2',
  '--test-timeout=300000',
  ...files,
]);

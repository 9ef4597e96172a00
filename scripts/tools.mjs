// The project's command-line tools (vite, tsc, eslint, prettier) started as
// `node <their bin script>`: no shell and no npx, which on Windows is
// npx.cmd and cannot be spawned without a shell.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The JavaScript file behind a package's command (package.json "bin"). */
export function toolScript(pkg, command = pkg) {
  const manifestPath = join(root, 'node_modules', pkg, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[command];
  if (!bin) throw new Error(`${pkg} has no "${command}" command`);
  return join(dirname(manifestPath), bin);
}

/**
 * Runs a tool on this Node and returns its exit status; when it cannot be
 * started at all, says why on stderr and returns 1.
 */
export function runTool(pkg, args, { command = pkg, cwd = root, stdio = 'inherit', env = process.env } = {}) {
  let script;
  try {
    script = toolScript(pkg, command);
  } catch (error) {
    console.error(`${command}: not installed here (${error.message}); run \`npm ci\` first.`);
    return 1;
  }
  const result = spawnSync(process.execPath, [script, ...args], { cwd, stdio, env });
  if (result.error) {
    console.error(`${command}: could not start: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

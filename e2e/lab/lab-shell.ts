// Runs the lab's system tools (`ip`, `nft`). Every call names its
// namespace explicitly, so nothing the lab does can touch the host's network.
import { execFile, spawnSync } from 'node:child_process';

export class LabCommandError extends Error {
  override name = 'LabCommandError';
  constructor(
    readonly command: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`${command} failed (exit ${exitCode}): ${stderr.trim()}`);
  }
}

/** Runs a command to completion; rejects with its stderr when it exits non-zero. */
export function run(command: string, args: string[], input?: string, options: { cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { timeout: 20_000, cwd: options.cwd }, (error, stdout, stderr) => {
      if (error)
        reject(new LabCommandError(`${command} ${args.join(' ')}`, String(stderr) || error.message, child.exitCode));
      else resolve(String(stdout));
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** `ip -n <ns> ...` */
export function ipIn(namespace: string, ...args: string[]): Promise<string> {
  return run('ip', ['-n', namespace, ...args]);
}

/** Runs a command inside a namespace (`ip netns exec`). */
export function execIn(namespace: string, command: string, args: string[], input?: string): Promise<string> {
  return run('ip', ['netns', 'exec', namespace, command, ...args], input);
}

/** Loads an nftables ruleset (the `nft -f` syntax) into a namespace. */
export function nftIn(namespace: string, ruleset: string): Promise<string> {
  return execIn(namespace, 'nft', ['-f', '-'], ruleset);
}

/** Synchronous variant for exit and signal handlers, where nothing async may run. Never throws. */
export function runSync(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 });
  return result.status === 0;
}

export function hasCommand(command: string): boolean {
  const result = spawnSync(command, ['-V'], { stdio: 'ignore' });
  if (result.error) return false;
  return true;
}

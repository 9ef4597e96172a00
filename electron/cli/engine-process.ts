// The long-running commands run with the engine's V8 flags (contracts/
// engine-runtime.ts). `npm run cli`, the `outage-watch` bin and `node
// dist-cli/outage-watch.mjs` start plain Node, so the process replaces itself
// (process.execve: the same pid, no second process) before it does anything
// else. Where that cannot be done (Windows, a Node without execve) it runs
// on with V8's defaults: the same engine, a little heavier.
import { ENGINE_V8_FLAGS, runsWithEngineFlags } from '../contracts/engine-runtime';

/** The commands that stay up. */
export const LONG_RUNNING_COMMANDS: ReadonlySet<string> = new Set(['watch', 'serve', 'demo']);

type ExecveProcess = NodeJS.Process & {
  execve?: (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => never;
};

/** Re-executes this process with the engine's flags when `command` stays up and they are missing; returns otherwise. */
export function reexecForEngine(command: string | undefined, running: ExecveProcess = process): void {
  if (command === undefined || !LONG_RUNNING_COMMANDS.has(command)) return;
  if (runsWithEngineFlags(running.execArgv) || typeof running.execve !== 'function') return;
  const [script, ...rest] = running.argv.slice(1);
  if (script === undefined) return;
  running.execve(
    running.execPath,
    [running.execPath, ...ENGINE_V8_FLAGS, ...running.execArgv, script, ...rest],
    running.env,
  );
}

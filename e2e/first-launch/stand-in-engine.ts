// The stand-in's utilityProcess.fork: the engine host is a real process,
// the built monitor-host.cjs forked on this Node with the flags main passes,
// and never started without the test's own config (network safety).
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { StandInElectron } from './stand-in-electron';

class Emitter extends EventEmitter {}

export function forkEngine(
  standIn: StandInElectron,
  modulePath: string,
  args: string[],
  options: { serviceName?: string; stdio?: unknown; execArgv?: string[] },
) {
  standIn.record('utilityProcess.fork', [modulePath, args, options], true);
  standIn.checkFile('utilityProcess.fork', modulePath);
  const host = new Emitter() as Emitter & Record<string, unknown>;
  // Network safety: an engine without the test's config would probe the built-in public defaults.
  const configPath = args[args.indexOf('--config') + 1];
  if (!args.includes('--config') || !configPath || !existsSync(configPath)) {
    standIn.violate(`the engine was started without the test's config (${configPath}): not started`);
    Object.assign(host, { postMessage: () => undefined, kill: () => undefined });
    setImmediate(() => host.emit('exit', 1));
    return host;
  }
  const child = fork(modulePath, args, {
    execPath: standIn.options.nodePath,
    // As Electron's utility process takes them: a flag this Node refuses stops the engine here too.
    execArgv: options.execArgv ?? [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  standIn.engines.push(child);
  standIn.engineHosts.push(host);
  child.on('message', (message: { type?: string; state?: unknown }) => {
    if (message.type === 'state') standIn.latestEngineState = message.state;
    host.emit('message', message);
  });
  child.on('exit', (code) => host.emit('exit', code ?? 1));
  child.on('spawn', () => host.emit('spawn'));
  Object.assign(host, {
    pid: child.pid,
    postMessage: (message: unknown) => {
      if (child.connected) child.send(message as object);
    },
    kill: () => child.kill(),
  });
  return host;
}

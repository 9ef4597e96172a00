// The engine process: started by main with utilityProcess.fork, it runs the
// monitor and answers main over process.parentPort. Under plain Node (tests)
// the same file speaks over child_process IPC instead.
import { parseArgs } from 'node:util';
import type { FromHost } from '../common/monitor-protocol';
import { mainProxyResolver, serveHost, type HostChannel } from './monitor-host-core';
import { startMonitorEngine } from './monitor-engine';

function parentChannel(): HostChannel {
  const port = (process as NodeJS.Process & { parentPort?: Electron.ParentPort }).parentPort;
  if (port) {
    return {
      post: (message: FromHost) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
    };
  }
  if (process.send) {
    return {
      post: (message: FromHost) => process.send?.(message),
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error('monitor-host must be started by the Outage Watch main process');
}

/** Bundled to CommonJS, which has no top-level await. */
async function runHost(): Promise<void> {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, config: { type: 'string' }, locale: { type: 'string' } },
  });
  const channel = parentChannel();
  const dataDir = values['data-dir'];
  const configPath = values.config;
  if (!dataDir || !configPath) {
    channel.post({ type: 'fatal', problem: 'monitor-host: --data-dir and --config are required' });
    setTimeout(() => process.exit(2), 100);
    return;
  }
  try {
    // The app reads the status feeds and IP range lists from the internet; under plain Node (the tests) it reads nothing from outside.
    const underElectron = Boolean((process as NodeJS.Process & { parentPort?: unknown }).parentPort);
    const proxies = mainProxyResolver(channel);
    const engine = await startMonitorEngine({
      dataDir,
      configPath,
      systemLocale: values.locale ?? 'en',
      outside: underElectron ? {} : null,
      // The apps' proxies (system settings, PAC) are Electron's to know: main answers for each round.
      resolveProxies: (urls) => proxies.ask(urls),
    });
    serveHost(channel, engine, (code) => process.exit(code), proxies);
  } catch (error) {
    channel.post({ type: 'fatal', problem: error instanceof Error ? error.message : String(error) });
    // Let the message leave before the process does.
    setTimeout(() => process.exit(1), 100);
  }
}

void runHost();

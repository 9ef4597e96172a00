// The engine behind the app's Bridge, inside the utility process: the shared
// engine, answering main's calls. Plain Node: no Electron here.
import { access } from 'node:fs/promises';
import { defaultConfig, type Config } from '../../contracts/config';
import { ConfigError, loadConfigFile } from '../../engine/config-file';
import { startEngine, type OutsideDocuments } from '../../engine/engine';
import type { Monitor } from '../../monitor/monitor';
import type { HostEngine } from './monitor-host-core';
import type { HostCall } from '../common/monitor-protocol';

export { catalogEntries } from '../../engine/engine';

export interface MonitorEngineOptions {
  configPath: string;
  dataDir: string;
  /** The OS locale main reports, for language "auto". */
  systemLocale: string;
  /** Status feeds and IP range lists; absent or null = none (tests on loopback). */
  outside?: OutsideDocuments | null;
}

export class EngineStartError extends Error {
  override name = 'EngineStartError';
  constructor(
    readonly kind: 'config' | 'history',
    message: string,
  ) {
    super(message);
  }
}

/** The config file, or the defaults on first run when there is none yet. */
async function readConfig(path: string): Promise<Config> {
  try {
    await access(path);
  } catch {
    return defaultConfig();
  }
  try {
    return await loadConfigFile(path);
  } catch (error) {
    if (error instanceof ConfigError) throw new EngineStartError('config', error.message);
    throw error;
  }
}

export async function startMonitorEngine(options: MonitorEngineOptions): Promise<HostEngine> {
  const config = await readConfig(options.configPath);
  let engine: ReturnType<typeof startEngine>;
  try {
    engine = startEngine({
      config,
      configPath: options.configPath,
      dataDir: options.dataDir,
      systemLocale: options.systemLocale,
      outside: options.outside ?? null,
    });
  } catch (error) {
    throw new EngineStartError('history', (error as Error).message);
  }
  const { bridge, monitor } = engine;

  const handlers: { [Call in HostCall]: (args: unknown[]) => unknown } = {
    getState: () => bridge.getState(),
    // Answered at once: progress and the verdict arrive as state, and a long
    // round must not look like a stalled engine to main's call timeout.
    checkNow: () => {
      bridge.checkNow().catch(() => undefined);
    },
    pause: ([minutes]) => bridge.pause(Number(minutes)),
    resume: () => bridge.resume(),
    getHistory: ([query]) => bridge.getHistory(query as Parameters<Monitor['getHistory']>[0]),
    getConfig: () => bridge.getConfig(),
    saveConfig: ([input]) => bridge.saveConfig(input),
    getCatalog: () => bridge.getCatalog(),
    getReport: () => bridge.getReport(),
  };

  return {
    call: async (call, args) => handlers[call](args),
    networkChanged: (reason) => monitor.networkChanged(reason),
    onState: (listener) => monitor.on('state', listener),
    onNotification: (listener) => monitor.on('notification', listener),
    stop: () => engine.stop(),
  };
}

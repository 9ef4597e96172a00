// The engine behind the app's Bridge, inside the utility process: the shared
// engine started over the app's data dir, answering main's calls. Plain Node:
// no Electron here.
import type { HistoryQuery } from '../../contracts/bridge';
import { proxiesFromPacAnswers } from '../../engine/check';
import { openEngine, readStartupConfig } from '../../engine/startup';
import type { OutsideDocuments } from '../../engine/engine';
import type { HostEngine } from './monitor-host-core';
import type { HostCall } from '../common/monitor-protocol';

export interface MonitorEngineOptions {
  configPath: string;
  dataDir: string;
  /** The OS locale main reports, for language "auto". */
  systemLocale: string;
  /** Status feeds and IP range lists; absent or null = none (tests on loopback). */
  outside?: OutsideDocuments | null;
  /** Which proxy each URL goes through, as main's Electron says (resolveProxy); absent = direct. */
  resolveProxies?: (urls: readonly string[]) => Promise<ReadonlyMap<string, string>>;
}

/** Starts the engine (throws EngineStartError: a bad config file, a history that will not open). */
export async function startMonitorEngine(options: MonitorEngineOptions): Promise<HostEngine> {
  // The app keeps its config in its data folder: the defaults on first run, until Settings saves.
  const startup = await readStartupConfig({ kept: options.configPath });
  const engine = await openEngine({
    startup,
    dataDir: options.dataDir,
    systemLocale: options.systemLocale,
    outside: options.outside ?? null,
    ...(options.resolveProxies
      ? { monitor: { roundOptions: { proxies: proxiesFromPacAnswers(options.resolveProxies) } } }
      : {}),
  });
  const { bridge } = engine;

  const handlers: { [Call in HostCall]: (args: unknown[]) => unknown } = {
    getState: () => bridge.getState(),
    // Answered at once: progress and the verdict arrive as state, and a long
    // round must not look like a stalled engine to main's call timeout.
    checkNow: () => {
      bridge.checkNow().catch(() => undefined);
    },
    pause: ([minutes]) => bridge.pause(Number(minutes)),
    resume: () => bridge.resume(),
    getHistory: ([query]) => bridge.getHistory(query as HistoryQuery),
    getConfig: () => bridge.getConfig(),
    saveConfig: ([input]) => bridge.saveConfig(input),
    getCatalog: () => bridge.getCatalog(),
    getReport: () => bridge.getReport(),
  };

  return {
    call: async (call, args) => handlers[call](args),
    networkChanged: (reason) => engine.networkChanged(reason),
    onState: (listener) => bridge.onState(listener),
    onNotification: (listener) => engine.onNotification(listener),
    stop: () => engine.stop(),
  };
}

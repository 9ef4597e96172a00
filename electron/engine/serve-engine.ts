// The engine side of the Bridge for `serve` and `demo`: the shared engine in
// this process. Unlike the app it can switch the monitor's language for one
// run (the URL's ?lang=) without saving it.
import type { Bridge } from '../contracts/bridge';
import type { Config } from '../contracts/config';
import type { Language } from '../i18n/translate';
import { startEngine, type OutsideDocuments } from './engine';
import type { Monitor, MonitorOptions } from '../monitor/monitor';

export { buildReport } from './engine';

export interface ServeEngineOptions {
  config: Config;
  /** Where Settings saves the config; null = keep changes for this run only (the demo). */
  configPath: string | null;
  /** History database folder; null = no history. */
  dataDir: string | null;
  systemLocale: string;
  /** Status feeds and IP range lists; absent or null = none (the demo and the tests stay on loopback). */
  outside?: OutsideDocuments | null;
  /** Test seams for the monitor (timings). */
  monitor?: Pick<MonitorOptions, 'timings'>;
}

export interface ServeEngine {
  bridge: Bridge;
  monitor: Monitor;
  /** Shows verdicts in this language from now on (not saved). */
  setLanguage(language: Language): void;
  config(): Config;
  stop(): Promise<void>;
}

export function startServeEngine(options: ServeEngineOptions): ServeEngine {
  const engine = startEngine({ ...options, outside: options.outside ?? null });
  return {
    // Start at login belongs to the desktop app; the served window hides it (state.startAtLogin is null).
    bridge: { ...engine.bridge, setStartAtLogin: async () => false },
    monitor: engine.monitor,
    setLanguage: (language) => engine.setLanguage(language),
    config: () => engine.config(),
    stop: () => engine.stop(),
  };
}

// The engine side of the Bridge for `serve` and `demo`: the Monitor, the config
// file and the catalog, in this process. Unlike the app's engine it can switch
// the monitor's language for one run (the URL's ?lang=) without saving it.
import type { AppState, Bridge, Report } from '../contracts/bridge';
import type { Config } from '../contracts/config';
import { formatDiagnosisTable } from '../cli/check';
import { ConfigError, saveConfigFile, validateConfig } from '../config-file';
import { createTranslator, resolveLanguage, type Language } from '../i18n/translate';
import { Monitor, type MonitorOptions } from '../monitor/monitor';
import { catalogEntries } from '../shell/monitor-engine';

export interface ServeEngineOptions {
  config: Config;
  /** Where Settings saves the config; null = keep changes for this run only (the demo). */
  configPath: string | null;
  /** History database folder; null = no history. */
  dataDir: string | null;
  systemLocale: string;
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

export function buildReport(state: AppState): Report {
  if (!state.diagnosis) return { text: '', json: 'null' };
  return {
    text: formatDiagnosisTable(state.diagnosis, createTranslator(state.language)).join('\n'),
    json: JSON.stringify(state.diagnosis, null, 2),
  };
}

export function startServeEngine(options: ServeEngineOptions): ServeEngine {
  let config = options.config;
  const languageOf = (settings: Config): Language => resolveLanguage(settings.language, options.systemLocale);
  const monitor = new Monitor({ config, dataDir: options.dataDir, language: languageOf(config), ...options.monitor });
  monitor.start();

  const bridge: Bridge = {
    getState: async () => monitor.getState(),
    onState: (listener) => monitor.on('state', listener),
    checkNow: () => monitor.checkNow(),
    pause: async (minutes) => monitor.pause(Date.now() + minutes * 60_000),
    resume: async () => monitor.resume(),
    getHistory: async (query) => monitor.getHistory(query),
    getConfig: async () => config,
    saveConfig: async (input) => {
      let next: Config;
      try {
        next = validateConfig(input);
      } catch (error) {
        if (error instanceof ConfigError) return { ok: false, problem: error.message };
        throw error;
      }
      if (options.configPath !== null) await saveConfigFile(options.configPath, next);
      config = next;
      monitor.setConfig(next);
      monitor.setLanguage(languageOf(next));
      return { ok: true, config: next };
    },
    getCatalog: async () => catalogEntries(),
    getReport: async () => buildReport(monitor.getState()),
    // Start at login belongs to the desktop app; the served window hides it (state.startAtLogin is null).
    setStartAtLogin: async () => false,
  };

  return {
    bridge,
    monitor,
    setLanguage: (language) => monitor.setLanguage(language),
    config: () => config,
    stop: () => monitor.stop(),
  };
}

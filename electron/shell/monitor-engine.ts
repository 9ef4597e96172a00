// The engine behind the app's Bridge, inside the utility process: the
// Monitor, the config file and the catalog. Plain Node: no Electron here.
import { access } from 'node:fs/promises';
import type { CatalogEntry, Report } from '../contracts/bridge';
import { defaultConfig, type Config } from '../contracts/config';
import { CATALOG_APPS } from '../catalog/index';
import { formatDiagnosisTable } from '../cli/check';
import { ConfigError, loadConfigFile, saveConfigFile, validateConfig } from '../config-file';
import { createTranslator, resolveLanguage, type Language } from '../i18n/translate';
import { Monitor } from '../monitor/monitor';
import type { HostEngine } from './monitor-host-core';
import type { HostCall } from './monitor-protocol';

export interface MonitorEngineOptions {
  configPath: string;
  dataDir: string;
  /** The OS locale main reports, for language "auto". */
  systemLocale: string;
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

export function catalogEntries(): CatalogEntry[] {
  return CATALOG_APPS.map((app) => ({ id: app.id, name: app.name, provider: app.provider, region: app.region, urls: [...app.urls], category: app.category }));
}

export async function startMonitorEngine(options: MonitorEngineOptions): Promise<HostEngine> {
  let config = await readConfig(options.configPath);
  const languageOf = (settings: Config): Language => resolveLanguage(settings.language, options.systemLocale);
  const monitor = new Monitor({ config, dataDir: options.dataDir, language: languageOf(config) });
  try {
    monitor.start();
  } catch (error) {
    throw new EngineStartError('history', (error as Error).message);
  }

  const report = (): Report => {
    const state = monitor.getState();
    if (!state.diagnosis) return { text: '', json: 'null' };
    return {
      text: formatDiagnosisTable(state.diagnosis, createTranslator(state.language)).join('\n'),
      json: JSON.stringify(state.diagnosis, null, 2),
    };
  };

  const handlers: { [Call in HostCall]: (args: unknown[]) => unknown } = {
    getState: () => monitor.getState(),
    // Answered at once: progress and the verdict arrive as state, and a long
    // round must not look like a stalled engine to main's call timeout.
    checkNow: () => {
      monitor.checkNow().catch(() => undefined);
    },
    pause: ([minutes]) => monitor.pause(Date.now() + Number(minutes) * 60_000),
    resume: () => monitor.resume(),
    getHistory: ([query]) => monitor.getHistory(query as Parameters<Monitor['getHistory']>[0]),
    getConfig: () => config,
    saveConfig: async ([input]) => {
      let next: Config;
      try {
        next = validateConfig(input);
      } catch (error) {
        if (error instanceof ConfigError) return { ok: false, problem: error.message };
        throw error;
      }
      await saveConfigFile(options.configPath, next);
      config = next;
      monitor.setConfig(next);
      monitor.setLanguage(languageOf(next));
      return { ok: true, config: next };
    },
    getCatalog: () => catalogEntries(),
    getReport: () => report(),
  };

  return {
    call: async (call, args) => handlers[call](args),
    networkChanged: (reason) => monitor.networkChanged(reason),
    onState: (listener) => monitor.on('state', listener),
    onNotification: (listener) => monitor.on('notification', listener),
    stop: () => monitor.stop(),
  };
}

// How every front door starts the engine: which config it reads and where
// Settings saves it, which data dir holds the history, and one error type for
// "cannot start" (a bad config file, a history that will not open) that the
// CLI turns into exit 2 and the app's engine process into a fatal message.
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type Config } from '../contracts/config';
import type { ExportProblem } from '../contracts/export-status';
import { MonitorError } from '../monitor/monitor';
import { ConfigError, loadConfigFile } from './config-file';
import { CONFIG_FILE_NAME, defaultDataDir } from './data-dir';
import { startEngine, type Engine, type EngineOptions } from './engine';

/** Where the config comes from, and where Settings saves it. */
export type ConfigSource =
  /** A file the user named (`--config`): it must exist and be valid; Settings saves to it. */
  | { named: string }
  /** The config kept at this path: the defaults until Settings first saves there (first run). */
  | { kept: string }
  /** No file: the defaults or a given config; Settings changes it for this run only. */
  | { inMemory: Config };

export interface StartupConfig {
  config: Config;
  /** Where saveConfig writes; null = nowhere (kept in memory). */
  savePath: string | null;
}

export type EngineStartProblem = 'config' | 'history' | 'export';

export class EngineStartError extends Error {
  override name = 'EngineStartError';
  constructor(
    readonly kind: EngineStartProblem,
    message: string,
    /** For 'export': what kept it from starting, for the front door to put in words. */
    readonly exportProblem: ExportProblem | null = null,
  ) {
    super(message);
  }
}

/** `--data-dir`, or the platform's per-user data folder. */
export function dataDirFor(given: string | undefined): string {
  return given ?? defaultDataDir({ platform: process.platform, env: process.env, home: homedir() });
}

/** `--config FILE` when named, else the config Settings saved in the data dir before (or the defaults). */
export function configSourceFor(named: string | undefined, dataDir: string): ConfigSource {
  return named !== undefined ? { named } : { kept: join(dataDir, CONFIG_FILE_NAME) };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads the config a front door starts with (throws EngineStartError 'config' naming the first problem). */
export async function readStartupConfig(source: ConfigSource): Promise<StartupConfig> {
  try {
    if ('inMemory' in source) return { config: source.inMemory, savePath: null };
    if ('named' in source) return { config: await loadConfigFile(source.named), savePath: source.named };
    const config = (await exists(source.kept)) ? await loadConfigFile(source.kept) : defaultConfig();
    return { config, savePath: source.kept };
  } catch (error) {
    if (error instanceof ConfigError) throw new EngineStartError('config', error.message);
    throw error;
  }
}

export interface OpenEngineOptions extends Omit<EngineOptions, 'config' | 'configPath' | 'outside'> {
  startup: StartupConfig;
  /** Status feeds and IP range lists; absent or null = none (the demo and the tests stay on loopback). */
  outside?: EngineOptions['outside'];
  /**
   * The command line refuses to run with an export that cannot start (a port
   * in use, an unreadable token file: throws EngineStartError 'export'); the
   * app runs on and shows it in Settings.
   */
  refuseExportProblems?: boolean;
}

/** Starts the engine over a config already read (throws EngineStartError 'history' when the history cannot open: the monitor makes its folder). */
export async function openEngine(options: OpenEngineOptions): Promise<Engine> {
  const { startup, refuseExportProblems, ...rest } = options;
  let engine: Engine;
  try {
    engine = startEngine({
      ...rest,
      config: startup.config,
      configPath: startup.savePath,
      outside: rest.outside ?? null,
      stopsOnExportProblem: refuseExportProblems ?? false,
    });
  } catch (error) {
    if (error instanceof MonitorError) throw new EngineStartError('history', error.message);
    throw error;
  }
  const [problem] = refuseExportProblems ? await engine.exportReady() : [];
  if (problem) {
    await engine.stop();
    throw new EngineStartError('export', `${problem.kind}: ${problem.detail}`, problem);
  }
  return engine;
}

// Shared option parsing for the CLI commands: strict flags, one-line errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultConfig, type Config } from '../contracts/config';
import { EngineStartError, readStartupConfig, type ConfigSource, type StartupConfig } from '../engine/startup';
import { createTranslator, resolveLanguage, systemLocale, type Translator } from '../i18n/translate';
import { UsageError } from './io';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Runs a start-up step of the engine; a bad config or an unopenable history is bad usage (exit 2). */
export async function refusingBadStartup<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof EngineStartError && error.exportProblem) {
      const { t } = createTranslator(resolveLanguage('auto', systemLocale()));
      throw new UsageError(t(`cli:export.${error.exportProblem.kind}`, { detail: error.exportProblem.detail }));
    }
    if (error instanceof EngineStartError) throw new UsageError(error.message);
    throw error;
  }
}

export function readCliConfig(source: ConfigSource): Promise<StartupConfig> {
  return refusingBadStartup(() => readStartupConfig(source));
}

/** `--config FILE`, or the defaults. */
export async function loadCliConfig(path: string | undefined): Promise<Config> {
  return (await readCliConfig(path === undefined ? { inMemory: defaultConfig() } : { named: path })).config;
}

export function cliTranslator(config: Pick<Config, 'language'>): Translator {
  return createTranslator(resolveLanguage(config.language, systemLocale()));
}

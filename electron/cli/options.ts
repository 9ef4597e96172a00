// Shared option parsing for the CLI commands: strict flags, one-line errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../contracts/config';
import { ConfigError, loadConfigFile } from '../engine/config-file';
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

/** Loads the config, turning a ConfigError into a UsageError (exit 2). */
export async function loadCliConfig(path: string | undefined): Promise<Config> {
  try {
    return await loadConfigFile(path);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

export function cliTranslator(config: Pick<Config, 'language'>): Translator {
  return createTranslator(resolveLanguage(config.language, systemLocale()));
}

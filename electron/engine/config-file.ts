// Reading and writing the config file. Reading names the first problem in one
// line; writing is atomic so a crash mid-save never leaves a broken file.
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { checkConfig, defaultConfig, type Config } from '../contracts/config';
import { findCatalogApp } from '../catalog/index';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates parsed JSON, including that catalog ids exist. */
export function validateConfig(input: unknown, source = 'config'): Config {
  const check = checkConfig(input);
  if (!check.ok) throw new ConfigError(`${source}: ${check.problem}`);
  check.config.apps.forEach((entry, index) => {
    if (typeof entry === 'string' && !findCatalogApp(entry)) {
      throw new ConfigError(
        `${source}: apps[${index}]: unknown app id "${entry}" (see \`outage-watch catalog\`, or give { "id", "name", "url" })`,
      );
    }
  });
  return check.config;
}

export async function loadConfigFile(path: string | undefined): Promise<Config> {
  if (path === undefined) return defaultConfig();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a folder'
            : String(code ?? error);
    throw new ConfigError(`${path}: cannot read the config file (${reason})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${path}: the config must be a JSON object`);
  }
  return validateConfig(parsed, path);
}

/** Writes to a temp file beside the target, fsyncs, then renames over it. */
export async function saveConfigFile(path: string, config: Config): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(config, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

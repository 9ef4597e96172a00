// `outage-watch serve [--config FILE] [--port N] [--data-dir DIR]`: the monitor
// and its window in a browser, on 127.0.0.1 only. The first stdout line is the
// URL to open (token included); Ctrl+C stops cleanly.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../engine/data-dir';
import { createTranslator, resolveLanguage, systemLocale, type Language } from '../i18n/translate';
import type { Bridge } from '../contracts/bridge';
import { startServeEngine } from '../engine/serve-engine';
import { ServeError, startServeServer, type DemoBackend } from '../serve/server';
import { EXIT_OK, UsageError, type CliIo } from './io';
import { loadCliConfig, parseCommandArgs } from './options';

/** The built window (`npx vite build`). */
export const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

export function parsePort(text: string | undefined, language: Language): number {
  if (text === undefined) return 0;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new UsageError(createTranslator(language).t('ui:cli.badPort', { value: text }));
  return Number(text);
}

export interface ServeUntilStoppedOptions {
  bridge: Bridge;
  port: number;
  language: Language;
  demo?: DemoBackend;
  onLanguage?: (language: Language) => void;
  staticDir?: string;
}

/** Serves until io.signal aborts; prints the URL as the first stdout line. */
export async function serveUntilStopped(io: CliIo, options: ServeUntilStoppedOptions): Promise<void> {
  const { t } = createTranslator(options.language);
  const staticDir = options.staticDir ?? RENDERER_DIR;
  if (!existsSync(join(staticDir, 'index.html'))) throw new UsageError(t('ui:cli.notBuilt', { dir: staticDir }));
  let server;
  try {
    server = await startServeServer({
      bridge: options.bridge,
      staticDir,
      port: options.port,
      language: options.language,
      demo: options.demo ?? null,
      ...(options.onLanguage ? { onLanguage: options.onLanguage } : {}),
    });
  } catch (error) {
    if (error instanceof ServeError && error.kind === 'port-in-use')
      throw new UsageError(t('ui:cli.portInUse', { port: String(options.port) }));
    throw error;
  }
  io.stdout(server.url);
  io.stderr(t('ui:cli.serving'));
  await new Promise<void>((resolve) => {
    if (!io.signal || io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
}

export async function runServeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('serve', argv, {
    config: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
  });
  const locale = systemLocale();
  const dataDir =
    values['data-dir'] ?? defaultDataDir({ platform: process.platform, env: process.env, home: homedir() });
  // Without --config, Settings saves beside the history, and a config saved there before is used.
  const fallbackConfig = join(dataDir, 'config.json');
  const configPath = values.config ?? fallbackConfig;
  const config = await loadCliConfig(values.config ?? (existsSync(fallbackConfig) ? fallbackConfig : undefined));
  const language = resolveLanguage(config.language, locale);
  const port = parsePort(values.port, language);
  await mkdir(dataDir, { recursive: true });
  const engine = startServeEngine({ config, configPath, dataDir, systemLocale: locale });
  try {
    await serveUntilStopped(io, { bridge: engine.bridge, port, language, onLanguage: engine.setLanguage });
  } finally {
    await engine.stop();
  }
  return EXIT_OK;
}

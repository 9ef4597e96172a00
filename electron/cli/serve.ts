// `outage-watch serve [--config FILE] [--port N] [--data-dir DIR]`: the monitor
// and its window in a browser, on 127.0.0.1 only. The first stdout line is the
// URL to open (token included); problems of the engine go to stderr, one line
// each; Ctrl+C stops cleanly. The CLI opens the engine and hands it to the
// HTTP window (serve/): the dispatcher over both, as eslint/layers.mjs says.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTranslator, resolveLanguage, systemLocale, type Language } from '../i18n/translate';
import { proxiesFromEnvironment } from '../engine/check';
import type { Engine, OutsideDocuments } from '../engine/engine';
import { configSourceFor, dataDirFor, openEngine } from '../engine/startup';
import { RENDERER_DIR, ServeError, startServeServer, type DemoBackend } from '../serve/server';
import { EXIT_OK, UsageError, type CliIo } from './io';
import { parseCommandArgs, readCliConfig, refusingBadStartup } from './options';
import { formatProblemLine } from './problem-line';

export function parsePort(text: string | undefined, language: Language): number {
  if (text === undefined) return 0;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new UsageError(createTranslator(language).t('ui:cli.badPort', { value: text }));
  return Number(text);
}

export interface ServeUntilStoppedOptions {
  engine: Engine;
  port: number;
  language: Language;
  demo?: DemoBackend;
  staticDir?: string;
}

/** Serves until io.signal aborts; prints the URL as the first stdout line and each problem on stderr. */
export async function serveUntilStopped(io: CliIo, options: ServeUntilStoppedOptions): Promise<void> {
  const { t } = createTranslator(options.language);
  const staticDir = options.staticDir ?? RENDERER_DIR;
  if (!existsSync(join(staticDir, 'index.html'))) throw new UsageError(t('ui:cli.notBuilt', { dir: staticDir }));
  const { engine } = options;
  let server;
  try {
    server = await startServeServer({
      bridge: engine.bridge,
      staticDir,
      port: options.port,
      language: options.language,
      demo: options.demo ?? null,
      onLanguage: (language) => engine.setLanguage(language),
    });
  } catch (error) {
    if (error instanceof ServeError && error.kind === 'port-in-use')
      throw new UsageError(t('ui:cli.portInUse', { port: String(options.port) }));
    throw error;
  }
  const stopProblems = engine.onProblem((problem) => io.stderr(formatProblemLine(problem)));
  io.stdout(server.url);
  io.stderr(t('ui:cli.serving'));
  await new Promise<void>((resolve) => {
    if (!io.signal || io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  stopProblems();
  await server.close();
}

/**
 * `outside`: the status feeds and IP range lists, read from the internet as
 * the app does (the tests pass null: they never leave loopback).
 */
export async function runServeCommand(
  argv: string[],
  io: CliIo,
  outside: OutsideDocuments | null = {},
): Promise<number> {
  const { values } = parseCommandArgs('serve', argv, {
    config: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
  });
  const locale = systemLocale();
  const dataDir = dataDirFor(values['data-dir']);
  // Without --config, Settings saves beside the history, and a config saved there before is used.
  const startup = await readCliConfig(configSourceFor(values.config, dataDir));
  const language = resolveLanguage(startup.config.language, locale);
  const port = parsePort(values.port, language);
  const engine = await refusingBadStartup(() =>
    openEngine({
      startup,
      dataDir,
      systemLocale: locale,
      refuseExportProblems: true,
      outside,
      // The proxy the person's command-line tools use (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).
      monitor: { roundOptions: { proxies: proxiesFromEnvironment(process.env) } },
    }),
  );
  try {
    await serveUntilStopped(io, { engine, port, language });
  } finally {
    await engine.stop();
  }
  return EXIT_OK;
}

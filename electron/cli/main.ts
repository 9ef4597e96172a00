#!/usr/bin/env node
// The command-line entry: `outage-watch <command> [options]`. Needs no Electron.
import { createTranslator, resolveLanguage, systemLocale } from '../i18n/translate';
import { reexecForEngine } from './engine-process';
import { EXIT_USAGE, UsageError, type CliIo } from './io';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check')).runCheckCommand,
  watch: async () => (await import('./watch')).runWatchCommand,
  catalog: async () => (await import('./catalog')).runCatalogCommand,
  serve: async () => (await import('./serve')).runServeCommand,
  demo: async () => (await import('./demo')).runDemoCommand,
};

function usage(): string[] {
  const { t } = createTranslator(resolveLanguage('auto', systemLocale()));
  return [
    t('cli:usage.title'),
    '',
    t('cli:usage.commands'),
    ...['check', 'watch', 'serve', 'catalog', 'demo'].map((name) => `  outage-watch ${t(`cli:usage.${name}`)}`),
    '',
    t('cli:usage.exitCodes'),
  ];
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    for (const line of usage()) io.stdout(line);
    return name ? 0 : EXIT_USAGE;
  }
  const load = COMMANDS[name];
  if (load && (rest.includes('--help') || rest.includes('-h'))) {
    for (const line of usage()) io.stdout(line);
    return 0;
  }
  try {
    if (!load) {
      throw new UsageError(
        createTranslator(resolveLanguage('auto', systemLocale())).t('cli:errors.unknownCommand', { command: name }),
      );
    }
    return await (
      await load()
    )(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`outage-watch: ${error.message}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function writeLine(stream: NodeJS.WriteStream) {
  return (line: string) => {
    stream.write(`${line}\n`);
  };
}

/** Runs the command in process.argv and sets the exit code (the bin calls it in the built bundle). */
export function runFromCommandLine(): void {
  reexecForEngine(process.argv[2]);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  // The reader went away (`outage-watch catalog | head`): stop quietly, as other commands do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  main(process.argv.slice(2), {
    stdout: writeLine(process.stdout),
    stderr: writeLine(process.stderr),
    signal: stop.signal,
  })
    .then((code) => {
      process.exitCode = code;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // A stray handle must not keep a finished command alive.
      setTimeout(() => process.exit(code), 1500).unref();
    })
    .catch((error: unknown) => {
      process.stderr.write(
        `outage-watch: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 70;
    });
}

// Started as a file of its own (tsx electron/cli/main.ts, in development and tests).
if (process.argv[1] !== undefined && /(^|[\\/])cli[\\/]main\.(ts|js|mjs|cjs)$/.test(process.argv[1])) {
  runFromCommandLine();
}

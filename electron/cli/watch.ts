// `outage-watch watch [--config FILE] [--json-lines] [--data-dir DIR]`: runs
// the monitor and prints the verdict at start and at each change, until
// SIGINT/SIGTERM (the entry aborts io.signal), then stops cleanly (exit 0).
import { homedir } from 'node:os';
import type { Verdict } from '../contracts/diagnosis';
import type { Translator } from '../i18n/translate';
import { defaultDataDir } from '../engine/data-dir';
import { Monitor, MonitorError, type VerdictEvent } from '../monitor/monitor';
import { EXIT_OK, UsageError, type CliIo } from './io';
import { cliTranslator, loadCliConfig, parseCommandArgs } from './options';

/** One human line: local time, the verdict kind (a stable token) and its translated summary. */
export function formatVerdictLine(at: string, verdict: Verdict, translator: Translator): string {
  return `[${translator.formatDateTime(at)}] ${verdict.kind}: ${verdict.summary}`;
}

export function formatVerdictJsonLine(event: Pick<VerdictEvent, 'at' | 'verdict'>): string {
  return JSON.stringify({ at: event.at, verdict: event.verdict });
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

export async function runWatchCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('watch', argv, {
    config: { type: 'string' },
    'json-lines': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`watch: unexpected argument "${positionals[0]}"`);
  const config = await loadCliConfig(values.config);
  const translator = cliTranslator(config);
  const dataDir =
    values['data-dir'] ?? defaultDataDir({ platform: process.platform, env: process.env, home: homedir() });

  const monitor = new Monitor({ config, dataDir, language: translator.language });
  monitor.on('verdict', (event) => {
    io.stdout(
      values['json-lines'] ? formatVerdictJsonLine(event) : formatVerdictLine(event.at, event.verdict, translator),
    );
  });
  monitor.on('problem', (problem) => io.stderr(`outage-watch: ${problem.kind}: ${problem.message}`));
  try {
    monitor.start();
  } catch (error) {
    if (error instanceof MonitorError) throw new UsageError(error.message);
    throw error;
  }
  await untilAborted(io.signal);
  await monitor.stop();
  return EXIT_OK;
}

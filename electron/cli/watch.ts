// `outage-watch watch [--config FILE] [--json-lines] [--data-dir DIR]`: runs
// the monitor and prints the verdict at start and at each change, until
// SIGINT/SIGTERM (the entry aborts io.signal), then stops cleanly (exit 0).
import type { Verdict } from '../contracts/diagnosis';
import { systemLocale, type Translator } from '../i18n/translate';
import type { VerdictEvent } from '../engine/engine';
import { dataDirFor } from '../engine/startup';
import { startWatch } from '../engine/watch';
import { EXIT_OK, UsageError, type CliIo } from './io';
import { cliTranslator, loadCliConfig, parseCommandArgs, refusingBadStartup } from './options';
import { formatProblemLine } from './problem-line';

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
  const watch = await refusingBadStartup(() =>
    startWatch({
      config,
      dataDir: dataDirFor(values['data-dir']),
      systemLocale: systemLocale(),
      onVerdict: (event) =>
        io.stdout(
          values['json-lines'] ? formatVerdictJsonLine(event) : formatVerdictLine(event.at, event.verdict, translator),
        ),
      onProblem: (problem) => io.stderr(formatProblemLine(problem)),
    }),
  );
  await untilAborted(io.signal);
  await watch.stop();
  return EXIT_OK;
}

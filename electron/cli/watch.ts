// `outage-watch watch [--config FILE] [--json-lines] [--data-dir DIR] [--metrics [HOST:]PORT]`:
// runs the monitor and prints the verdict at start and at each change, until
// SIGINT/SIGTERM (the entry aborts io.signal), then stops cleanly (exit 0).
// `--metrics` serves /metrics there instead of export.prometheus; an export
// that cannot start (a port in use, an unreadable token file) is exit 2.
import { parseAddress, type Config } from '../contracts/config';
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

/** `--metrics [HOST:]PORT`: a port alone is on 127.0.0.1; an IPv6 host is written in brackets. */
export function metricsListen(text: string, translator: Translator): string {
  const listen = /^\d+$/.test(text) ? `127.0.0.1:${text}` : text;
  const parsed = parseAddress(listen, 0);
  if ('error' in parsed || parsed.port === 0)
    throw new UsageError(translator.t('cli:errors.badMetrics', { value: text }));
  return listen;
}

function withMetrics(config: Config, listen: string | undefined, translator: Translator): Config {
  if (listen === undefined) return config;
  return { ...config, export: { ...config.export, prometheus: { listen: metricsListen(listen, translator) } } };
}

export async function runWatchCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('watch', argv, {
    config: { type: 'string' },
    'json-lines': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    metrics: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`watch: unexpected argument "${positionals[0]}"`);
  const loaded = await loadCliConfig(values.config);
  const translator = cliTranslator(loaded);
  const config = withMetrics(loaded, values.metrics, translator);
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
      onExportProblem: (problem) => io.stderr(formatProblemLine({ kind: problem.kind, message: problem.detail })),
    }),
  );
  await untilAborted(io.signal);
  await watch.stop();
  return EXIT_OK;
}

// `outage-watch check`: one full round, then the diagnosis as a table or JSON.
import type { Config } from '../contracts/config';
import type { Translator } from '../i18n/translate';
import { proxiesFromEnvironment, runCheck, selectApps, UnknownAppError } from '../engine/check';
import { formatDiagnosisTable } from '../engine/diagnosis-table';
import { EXIT_OK, EXIT_PROBLEM_FOUND, UsageError, type CliIo } from './io';
import { cliTranslator, loadCliConfig, parseCommandArgs } from './options';

/** The apps named by --app (or as arguments); an unknown id is bad usage. */
function selectAppsOrRefuse(config: Config, ids: string[], translator: Translator): Config {
  try {
    return selectApps(config, ids);
  } catch (error) {
    if (error instanceof UnknownAppError) throw new UsageError(translator.t('cli:errors.unknownApp', { id: error.id }));
    throw error;
  }
}

export async function runCheckCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'check',
    argv,
    {
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
      app: { type: 'string', multiple: true },
    },
    true,
  );
  if (positionals.length > 0 && !values.app) throw new UsageError(`check: unexpected argument "${positionals[0]}"`);
  const config = await loadCliConfig(values.config);
  const translator = cliTranslator(config);
  const ids = [...(values.app ?? []), ...positionals]
    .flatMap((value) => value.split(','))
    .map((id) => id.trim())
    .filter(Boolean);
  if (values.app && ids.length === 0) throw new UsageError(translator.t('cli:errors.noAppSelected'));
  const selected = selectAppsOrRefuse(config, ids, translator);

  const { diagnosis } = await runCheck(selected, {
    language: translator.language,
    signal: io.signal,
    // The proxy the person's command-line tools use (curl's variables).
    proxies: proxiesFromEnvironment(process.env),
  });
  if (values.json) io.stdout(JSON.stringify(diagnosis, null, 2));
  else for (const line of formatDiagnosisTable(diagnosis, translator)) io.stdout(line);
  return diagnosis.verdict.kind === 'ok' ? EXIT_OK : EXIT_PROBLEM_FOUND;
}

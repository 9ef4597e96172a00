// `outage-watch check`: one full round, then the diagnosis as a table or JSON.
import type { Config } from '../contracts/config';
import { runCheck } from '../engine/check';
import { formatDiagnosisTable } from '../engine/diagnosis-table';
import { findCatalogApp } from '../catalog/index';
import type { Translator } from '../i18n/translate';
import { EXIT_OK, EXIT_PROBLEM_FOUND, UsageError, type CliIo } from './io';
import { cliTranslator, loadCliConfig, parseCommandArgs } from './options';

/** Narrows the config to the apps named by --app; catalog ids not in the config are added. */
export function selectApps(config: Config, ids: string[], translator: Translator): Config {
  if (ids.length === 0) return config;
  const apps = ids.map((id) => {
    const configured = config.apps.find((entry) => (typeof entry === 'string' ? entry : entry.id) === id);
    if (configured) return configured;
    if (findCatalogApp(id)) return id;
    throw new UsageError(translator.t('cli:errors.unknownApp', { id }));
  });
  return { ...config, apps };
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
  const selected = selectApps(config, ids, translator);

  const { diagnosis } = await runCheck(selected, { language: translator.language, signal: io.signal });
  if (values.json) io.stdout(JSON.stringify(diagnosis, null, 2));
  else for (const line of formatDiagnosisTable(diagnosis, translator)) io.stdout(line);
  return diagnosis.verdict.kind === 'ok' ? EXIT_OK : EXIT_PROBLEM_FOUND;
}

// `outage-watch check`: one full round, then the diagnosis as a table or JSON.
import type { Config } from '../contracts/config';
import type { Diagnosis } from '../contracts/diagnosis';
import { runCheck } from '../check';
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

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

export function formatDiagnosisTable(diagnosis: Diagnosis, translator: Translator): string[] {
  const { t } = translator;
  const lines: string[] = [];
  const { verdict } = diagnosis;
  lines.push(`${t('cli:table.verdict')}: ${verdict.summary}`);
  lines.push(
    `  ${t(`cli:scope.${verdict.scope}`)} · ${verdict.kind}${verdict.layer ? ` · ${verdict.layer}` : ''} · ${t('cli:table.confidence')} ${translator.formatNumber(verdict.confidence, { style: 'percent' })}`,
  );
  lines.push('');
  if (diagnosis.apps.length === 0) lines.push(t('cli:table.noApps'));
  else {
    const header = [
      t('cli:table.app'),
      t('cli:table.status'),
      t('cli:table.layer'),
      t('cli:table.provider'),
      t('cli:table.latency'),
    ];
    const rows = diagnosis.apps.map((app) => [
      app.name,
      t(`cli:status.${app.status}`),
      app.layer ?? '-',
      app.provider ? `${app.provider}${app.region ? ` ${app.region}` : ''}` : '-',
      app.latencyMs === null ? '-' : t('cli:table.ms', { value: Math.round(app.latencyMs) }),
    ]);
    const widths = header.map((cell, i) =>
      Math.max([...cell].length, ...rows.map((row) => [...(row[i] ?? '')].length)),
    );
    const format = (row: string[]) =>
      row
        .map((cell, i) => pad(cell, widths[i] ?? 0))
        .join('  ')
        .trimEnd();
    lines.push(format(header), format(widths.map((w) => '-'.repeat(w))), ...rows.map(format));
  }
  if (diagnosis.local.resolvers.length > 0) {
    lines.push('', `${t('cli:table.resolvers')}:`);
    for (const resolver of diagnosis.local.resolvers) {
      lines.push(
        `  ${resolver.name} (${resolver.address}${resolver.port === 53 ? '' : `:${resolver.port}`}): ${t(`cli:status.${resolver.status === 'failing' ? 'failing' : resolver.status === 'ok' ? 'ok' : 'unknown'}`)}`,
      );
    }
  }
  if (verdict.evidence.length > 0)
    lines.push('', `${t('cli:table.evidence')}:`, ...verdict.evidence.map((line) => `  - ${line}`));
  if (verdict.advice.length > 0)
    lines.push('', `${t('cli:table.advice')}:`, ...verdict.advice.map((line) => `  - ${line}`));
  const others = diagnosis.findings.slice(1);
  if (others.length > 0)
    lines.push('', `${t('cli:table.otherFindings')}:`, ...others.map((finding) => `  - ${finding.summary}`));
  return lines;
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

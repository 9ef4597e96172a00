// The diagnosis as the plain-text table that `check` prints and the window's
// report copies: one formatter below both front doors.
import type { AppState, Report } from '../contracts/bridge';
import type { Diagnosis } from '../contracts/diagnosis';
import { createTranslator, type Translator } from '../i18n/translate';

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

export function formatDiagnosisTable(diagnosis: Diagnosis, translator: Translator): string[] {
  const { t } = translator;
  const lines: string[] = [];
  const { verdict } = diagnosis;
  lines.push(`${t('cli:table.verdict')}: ${verdict.summary}`);
  lines.push(
    `  ${t(`cli:scope.${verdict.scope}`)} · ${verdict.kind}${verdict.layer ? ` · ${verdict.layer}` : ''} · ${t('cli:table.confidence')} ${translator.formatPercent(verdict.confidence)}`,
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

/** The window's report: the same table in the state's language, and the JSON diagnosis. */
export function buildReport(state: Pick<AppState, 'diagnosis' | 'language'>): Report {
  if (!state.diagnosis) return { text: '', json: 'null' };
  return {
    text: formatDiagnosisTable(state.diagnosis, createTranslator(state.language)).join('\n'),
    json: JSON.stringify(state.diagnosis, null, 2),
  };
}

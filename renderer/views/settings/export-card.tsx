// Export to Prometheus (contracts section 7): /metrics for a Prometheus that
// scrapes, remote write for one that receives, the labels added to every
// series. Off by default; what is sent is said right here. The lines under
// each part tell what the running export is doing now.
import { useTranslation } from 'react-i18next';
import type { AppState } from '../../../electron/contracts/bridge';
import {
  DEFAULT_METRICS_PORT,
  DEFAULT_REMOTE_WRITE_INTERVAL_SECONDS,
  MAX_EXPORT_LABELS,
  type Config,
} from '../../../electron/contracts/config';
import { FieldMessage, TextField } from '../../components/field';
import type { SettingsDraft } from '../../state/use-settings-draft';
import { MetricsStatusLine, RemoteWriteStatusLines } from './export-status-lines';
import { SettingsCard } from './settings-card';

type ExportConfig = Config['export'];

export function ExportCard({ draft, state }: { draft: SettingsDraft; state: AppState | null }) {
  const { t } = useTranslation();
  const exported = draft.config.export;
  const errors = draft.errors.export;
  const setExport = (change: Partial<ExportConfig>) => draft.update({ export: { ...exported, ...change } });
  const { prometheus, remoteWrite } = exported;
  const setRemoteWrite = (change: Partial<NonNullable<ExportConfig['remoteWrite']>>) =>
    remoteWrite && setExport({ remoteWrite: { ...remoteWrite, ...change } });
  const rows = draft.labelRows;
  const setRow = (index: number, change: Partial<{ name: string; value: string }>) =>
    draft.setLabelRows(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  return (
    <SettingsCard id="export" title={t('settings.export.title')}>
      <p className="muted">{t('settings.export.intro')}</p>
      <div className="subsection">
        <label className="check">
          <input
            type="checkbox"
            checked={prometheus !== null}
            onChange={(event) =>
              setExport({ prometheus: event.target.checked ? { listen: `127.0.0.1:${DEFAULT_METRICS_PORT}` } : null })
            }
          />
          <span>{t('settings.export.scrape')}</span>
        </label>
        {prometheus ? (
          <TextField
            label={t('settings.export.listen')}
            dir="ltr"
            value={prometheus.listen}
            error={errors.listen}
            hint={t('settings.export.listenHint')}
            onChange={(listen) => setExport({ prometheus: { listen } })}
          />
        ) : null}
        {state ? <MetricsStatusLine status={state.export.metrics} /> : null}
      </div>

      <div className="subsection">
        <label className="check">
          <input
            type="checkbox"
            checked={remoteWrite !== null}
            onChange={(event) =>
              setExport({
                remoteWrite: event.target.checked
                  ? { url: '', bearerTokenFile: null, intervalSeconds: DEFAULT_REMOTE_WRITE_INTERVAL_SECONDS }
                  : null,
              })
            }
          />
          <span>{t('settings.export.push')}</span>
        </label>
        {remoteWrite ? (
          <>
            <TextField
              label={t('settings.export.url')}
              type="url"
              inputMode="url"
              dir="ltr"
              value={remoteWrite.url}
              error={errors.remoteWriteUrl}
              placeholder={t('settings.export.urlPlaceholder')}
              hint={t('settings.export.urlHint')}
              onChange={(url) => setRemoteWrite({ url: url.trim() })}
            />
            <TextField
              label={t('settings.export.tokenFile')}
              dir="ltr"
              value={remoteWrite.bearerTokenFile ?? ''}
              hint={t('settings.export.tokenFileHint')}
              onChange={(path) => setRemoteWrite({ bearerTokenFile: path.trim() === '' ? null : path })}
            />
            <TextField
              label={t('settings.export.interval')}
              type="number"
              inputMode="numeric"
              min={5}
              max={3600}
              value={String(remoteWrite.intervalSeconds)}
              error={errors.remoteWriteInterval}
              hint={t('settings.export.intervalHint')}
              onChange={(text) => setRemoteWrite({ intervalSeconds: text.trim() === '' ? Number.NaN : Number(text) })}
            />
          </>
        ) : null}
        {state ? <RemoteWriteStatusLines status={state.export.remoteWrite} /> : null}
      </div>

      <div className="subsection export-labels">
        <h3 className="small-title">{t('settings.export.labels')}</h3>
        <p className="muted">{t('settings.export.labelsHint')}</p>
        <ul className="resolver-rows">
          {rows.map((row, index) => (
            <li key={index} className="resolver-row">
              <TextField
                label={t('settings.export.labelName')}
                dir="ltr"
                value={row.name}
                error={errors.labels[index]?.name ?? null}
                placeholder={t('settings.export.labelNamePlaceholder')}
                onChange={(name) => setRow(index, { name })}
              />
              <TextField
                label={t('settings.export.labelValue')}
                dir="auto"
                value={row.value}
                error={errors.labels[index]?.value ?? null}
                placeholder={t('settings.export.labelValuePlaceholder')}
                onChange={(value) => setRow(index, { value })}
              />
              <button
                type="button"
                className="button subtle"
                aria-label={t('settings.export.removeLabel', { name: row.name || index + 1 })}
                onClick={() => draft.setLabelRows(rows.filter((_, i) => i !== index))}
              >
                {t('settings.apps.remove')}
              </button>
            </li>
          ))}
        </ul>
        <FieldMessage id="export-label-count" error={errors.labelCount} />
        <button
          type="button"
          className="button"
          disabled={rows.length >= MAX_EXPORT_LABELS}
          onClick={() => draft.setLabelRows([...rows, { name: '', value: '' }])}
        >
          {t('settings.export.addLabel')}
        </button>
      </div>
      <p className="subsection muted">{t('settings.export.privacy')}</p>
    </SettingsCard>
  );
}

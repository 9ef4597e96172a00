// Every watched app: status, where it fails, its cloud, latency over the last
// hour; "Check now" shows which apps are still being probed.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppState, Bridge, LatencySample } from '../../electron/contracts/bridge';
import { EmptyState } from '../components/empty-state';
import { Sparkline } from '../components/sparkline';
import { StatusLabel } from '../components/status-icon';
import { useFormat } from '../format';
import { appStatusTone } from '../tones';
import '../styles/apps-view.css';

const SPARKLINE_WINDOW_MS = 60 * 60 * 1000;

export function AppsView({
  bridge,
  state,
  onOpenSettings,
}: {
  bridge: Bridge;
  state: AppState | null;
  onOpenSettings: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [samples, setSamples] = useState<LatencySample[] | null>(null);
  const diagnosisAt = state?.diagnosis?.at ?? null;

  useEffect(() => {
    let active = true;
    bridge.getHistory({ since: new Date(Date.now() - SPARKLINE_WINDOW_MS).toISOString() }).then(
      (history) => {
        if (active) setSamples(history.samples);
      },
      () => {
        if (active) setSamples([]);
      },
    );
    return () => {
      active = false;
    };
  }, [bridge, diagnosisAt]);

  const samplesByApp = useMemo(() => {
    const byApp = new Map<string, LatencySample[]>();
    for (const sample of samples ?? []) {
      const list = byApp.get(sample.appId) ?? [];
      list.push(sample);
      byApp.set(sample.appId, list);
    }
    return byApp;
  }, [samples]);

  if (!state) return <EmptyState tone="pending" title={t('status.loading')} />;
  const diagnosis = state.diagnosis;
  if (!diagnosis)
    return <EmptyState tone="pending" title={t('status.firstCheck.title')} body={t('status.firstCheck.body')} />;
  if (diagnosis.apps.length === 0) {
    return (
      <EmptyState
        tone="unknown"
        title={t('apps.empty.title')}
        body={t('apps.empty.body')}
        action={
          <button type="button" className="button primary" onClick={onOpenSettings}>
            {t('apps.empty.action')}
          </button>
        }
      />
    );
  }
  const { progress } = state;
  const pending = new Set(progress.pending);
  const counts = { up: 0, degraded: 0, down: 0, unknown: 0 };
  for (const app of diagnosis.apps) counts[app.status] += 1;

  return (
    <div className="stack">
      <div className="summary-row" role="status" aria-live="polite">
        <StatusLabel tone="ok" label={t('apps.count.up', { count: counts.up, n: format.number(counts.up) })} />
        <StatusLabel
          tone="warn"
          label={t('apps.count.degraded', { count: counts.degraded, n: format.number(counts.degraded) })}
        />
        <StatusLabel tone="fail" label={t('apps.count.down', { count: counts.down, n: format.number(counts.down) })} />
        {progress.total > 0 && progress.pending.length > 0 ? (
          <span className="progress">
            <span>
              {t('apps.progress', { done: format.number(progress.done), total: format.number(progress.total) })}
            </span>
            <progress max={progress.total} value={progress.done} aria-label={t('apps.progressLabel')} />
          </span>
        ) : null}
      </div>
      <div className="card table-card">
        <table className="apps-table">
          <caption className="visually-hidden">{t('apps.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('apps.column.app')}</th>
              <th scope="col">{t('apps.column.status')}</th>
              <th scope="col">{t('apps.column.layer')}</th>
              <th scope="col">{t('apps.column.provider')}</th>
              <th scope="col" className="numeric">
                {t('apps.column.latency')}
              </th>
              <th scope="col">{t('apps.column.trend')}</th>
            </tr>
          </thead>
          <tbody>
            {diagnosis.apps.map((app) => {
              const checking = pending.has(app.id);
              return (
                <tr key={app.id} data-app-id={app.id}>
                  <th scope="row" className="app-name">
                    {app.name}
                  </th>
                  <td>
                    {checking ? (
                      <StatusLabel tone="pending" label={t('apps.checking')} size={16} />
                    ) : (
                      <StatusLabel tone={appStatusTone(app.status)} label={t(`appStatus.${app.status}`)} size={16} />
                    )}
                  </td>
                  <td>{app.layer ? t(`layer.${app.layer}`) : <span className="muted">{t('apps.noLayer')}</span>}</td>
                  <td>
                    {app.provider ? (
                      <>
                        {t(`provider.${app.provider}`, { defaultValue: app.provider })}
                        {app.region ? <span className="muted"> {app.region}</span> : null}
                      </>
                    ) : (
                      <span className="muted">{t('apps.unknownProvider')}</span>
                    )}
                  </td>
                  <td className="numeric">
                    {app.latencyMs !== null ? (
                      format.milliseconds(app.latencyMs)
                    ) : (
                      <span className="muted">{t('chart.noValue')}</span>
                    )}
                    {app.usual ? (
                      <span className="usual-here muted small" data-usual-ms={app.usual.medianMs}>
                        {t('apps.usualHere', { ms: format.milliseconds(app.usual.medianMs) })}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {samples === null ? (
                      <span className="sparkline sparkline-empty" />
                    ) : (
                      <Sparkline samples={samplesByApp.get(app.id) ?? []} appName={app.name} />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

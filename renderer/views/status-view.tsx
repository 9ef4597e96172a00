// The verdict, big and plain; where along the path it fails; why we think so;
// what to do; and what the provider's own status page says.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppState, OfficialStatus } from '../../electron/contracts/bridge';
import { EmptyState } from '../components/empty-state';
import { LocalNetworkCard } from '../components/local-network-card';
import { PathStrip } from '../components/path-strip';
import { StatusIcon, StatusLabel } from '../components/status-icon';
import { useFormat } from '../format';
import { textDirection } from '../text-direction';
import { appStatusTone, verdictTone } from '../tones';
import '../styles/status-view.css';

function ConfidenceMeter({ confidence }: { confidence: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const level = confidence >= 0.8 ? 'high' : confidence >= 0.5 ? 'medium' : 'low';
  return (
    <div className="confidence">
      <span id="confidence-label" className="muted">
        {t('verdict.confidence', { level: t(`verdict.confidenceLevel.${level}`), percent: format.percent(confidence) })}
      </span>
      <meter min={0} max={1} low={0.5} high={0.8} optimum={1} value={confidence} aria-labelledby="confidence-label" />
    </div>
  );
}

function OfficialStatusList({ statuses }: { statuses: OfficialStatus[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="card" aria-labelledby="official-title">
      <h2 id="official-title" className="card-title">
        {t('status.official.title')}
      </h2>
      <ul className="plain-list">
        {statuses.map((status) => (
          <li key={`${status.provider}-${status.source}`} className="official-item">
            <StatusLabel
              tone={status.acknowledged && status.available !== false ? 'fail' : 'unknown'}
              label={t(
                status.available === false
                  ? 'status.official.unavailable'
                  : status.acknowledged
                    ? 'status.official.acknowledged'
                    : 'status.official.notYet',
                { provider: t(`provider.${status.provider}`, { defaultValue: status.provider }) },
              )}
            />
            {status.title ? <p dir={textDirection(status.title)}>{status.title}</p> : null}
            <p className="muted small">
              {status.updatedAt ? t('status.official.updated', { when: format.dateTime(status.updatedAt) }) : null}
              {status.leadMinutes !== null && status.leadMinutes > 0
                ? ` ${t('status.official.lead', { count: status.leadMinutes, minutes: format.number(status.leadMinutes) })}`
                : null}
            </p>
            {status.url ? (
              <a href={status.url} target="_blank" rel="noreferrer noopener">
                {t('status.official.open')}
              </a>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Re-renders every `intervalMs` so "checked 2 minutes ago" stays true. */
function useTick(intervalMs: number): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
}

export function StatusView({ state, failed }: { state: AppState | null; failed: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  useTick(15_000);
  if (failed)
    return <EmptyState tone="fail" title={t('status.unreachable.title')} body={t('status.unreachable.body')} />;
  if (!state) return <EmptyState tone="pending" title={t('status.loading')} />;
  const diagnosis = state.diagnosis;
  if (!diagnosis)
    return <EmptyState tone="pending" title={t('status.firstCheck.title')} body={t('status.firstCheck.body')} />;
  const { verdict } = diagnosis;
  const tone = verdictTone(verdict.kind);
  const affected = diagnosis.apps.filter((app) => verdict.apps.includes(app.id));
  return (
    <div className="stack">
      <section
        className={`verdict card tone-${tone}`}
        aria-labelledby="verdict-summary"
        data-verdict-kind={verdict.kind}
      >
        <div className="verdict-icon">
          <StatusIcon tone={tone} size={56} />
        </div>
        <div className="verdict-body">
          <p className="verdict-scope">{t(`verdict.scope.${verdict.scope}`)}</p>
          <h2 id="verdict-summary" className="verdict-summary" aria-live="polite" dir={textDirection(verdict.summary)}>
            {verdict.summary}
          </h2>
          <p className="verdict-kind">
            <span className="chip">{t(`verdict.kind.${verdict.kind}`)}</span>
            {verdict.provider ? (
              <span className="chip">{t(`provider.${verdict.provider}`, { defaultValue: verdict.provider })}</span>
            ) : null}
            {verdict.region ? <span className="chip">{verdict.region}</span> : null}
            {verdict.layer ? <span className="chip">{t(`layer.${verdict.layer}`)}</span> : null}
            <span className="muted small">{t('status.checkedRelative', { when: format.relative(diagnosis.at) })}</span>
          </p>
          <ConfidenceMeter confidence={verdict.confidence} />
        </div>
      </section>

      <section className="card" aria-labelledby="path-title">
        <h2 id="path-title" className="card-title">
          {t('path.title')}
        </h2>
        <PathStrip verdict={verdict} routerChecked={diagnosis.local.gateway.outcome === 'reachable'} />
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="evidence-title">
          <h2 id="evidence-title" className="card-title">
            {t('status.evidence')}
          </h2>
          {verdict.evidence.length > 0 ? (
            <ul className="evidence-list">
              {verdict.evidence.map((line, index) => (
                <li key={index} dir={textDirection(line)}>
                  {line}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('status.noEvidence')}</p>
          )}
        </section>
        <section className="card" aria-labelledby="advice-title">
          <h2 id="advice-title" className="card-title">
            {t('status.advice')}
          </h2>
          {verdict.advice.length > 0 ? (
            <ol className="advice-list">
              {verdict.advice.map((line, index) => (
                <li key={index} dir={textDirection(line)}>
                  {line}
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">{t('status.noAdvice')}</p>
          )}
        </section>
      </div>

      {affected.length > 0 ? (
        <section className="card" aria-labelledby="affected-title">
          <h2 id="affected-title" className="card-title">
            {t('status.affected')}
          </h2>
          <ul className="chip-list">
            {affected.map((app) => (
              <li key={app.id}>
                <StatusLabel
                  tone={appStatusTone(app.status)}
                  label={t('apps.nameWithStatus', { name: app.name, status: t(`appStatus.${app.status}`) })}
                  size={16}
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {state.officialStatus.length > 0 ? <OfficialStatusList statuses={state.officialStatus} /> : null}

      {diagnosis.findings.length > 1 ? (
        <section className="card" aria-labelledby="findings-title">
          <h2 id="findings-title" className="card-title">
            {t('status.alsoFound')}
          </h2>
          <ul className="plain-list">
            {diagnosis.findings.slice(1).map((finding, index) => (
              <li key={index}>
                <StatusLabel
                  tone={verdictTone(finding.kind)}
                  label={finding.summary}
                  size={16}
                  dir={textDirection(finding.summary)}
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <LocalNetworkCard diagnosis={diagnosis} />
    </div>
  );
}

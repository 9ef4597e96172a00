// Incidents over hours or days, newest first, each opening to its evidence;
// and the latency of every app over the same window.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UsualFigure } from '../../electron/contracts/baseline';
import type { Bridge, History, Incident } from '../../electron/contracts/bridge';
import { EmptyState } from '../components/empty-state';
import { LatencyChart, type ChartSeries } from '../components/latency-chart';
import { StatusIcon } from '../components/status-icon';
import { useFormat } from '../format';
import { textDirection } from '../text-direction';
import { verdictTone } from '../tones';
import '../styles/history-view.css';

const RANGES = [
  { id: 'hour', hours: 1 },
  { id: 'day', hours: 24 },
  { id: 'week', hours: 24 * 7 },
  { id: 'month', hours: 24 * 30 },
] as const;
type RangeId = (typeof RANGES)[number]['id'];

function IncidentItem({ incident, open, onToggle }: { incident: Incident; open: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { verdict } = incident;
  const tone = incident.closedAt ? 'ok' : verdictTone(verdict.kind);
  const detailsId = `incident-${incident.id}`;
  return (
    <li className={`incident tone-${verdictTone(verdict.kind)}`}>
      <span className="incident-dot" aria-hidden="true">
        <StatusIcon tone={verdictTone(verdict.kind)} size={20} />
      </span>
      <div className="incident-body">
        <button
          type="button"
          className="incident-toggle"
          aria-expanded={open}
          aria-controls={detailsId}
          onClick={onToggle}
        >
          <span className="incident-summary" dir={textDirection(verdict.summary)}>
            {verdict.summary}
          </span>
          <span className="incident-meta muted small">
            <span className="chip">{t(`verdict.kind.${verdict.kind}`)}</span>
            <time dateTime={incident.openedAt}>{format.dateTime(incident.openedAt)}</time>
            <span>
              {incident.closedAt
                ? t('history.lasted', { duration: format.duration(incident.openedAt, incident.closedAt) })
                : t('history.ongoing', { duration: format.duration(incident.openedAt, new Date().toISOString()) })}
            </span>
            <span className={`status-label tone-${tone}`}>
              {incident.closedAt ? t('history.resolved') : t('history.open')}
            </span>
          </span>
        </button>
        <div id={detailsId} className="incident-details" hidden={!open}>
          <h3 className="small-title">{t('status.evidence')}</h3>
          <ul className="evidence-list">
            {verdict.evidence.map((line, index) => (
              <li key={index} dir={textDirection(line)}>
                {line}
              </li>
            ))}
          </ul>
          {verdict.advice.length > 0 ? (
            <>
              <h3 className="small-title">{t('status.advice')}</h3>
              <ol className="advice-list">
                {verdict.advice.map((line, index) => (
                  <li key={index} dir={textDirection(line)}>
                    {line}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          <p className="muted small">
            {t('history.confidence', { percent: format.percent(verdict.confidence) })}
            {incident.closedAt ? ` · ${t('history.closedAt', { when: format.dateTime(incident.closedAt) })}` : null}
          </p>
        </div>
      </div>
    </li>
  );
}

export interface HistoryViewProps {
  bridge: Bridge;
  /** Display names of the watched apps, by id. */
  appNames: ReadonlyMap<string, string>;
  /** Each app's usual response time on the current network, by id (the latest diagnosis). */
  usual: ReadonlyMap<string, UsualFigure>;
  openIncident: string | null;
  onOpenIncident: (id: string) => void;
}

export function HistoryView({ bridge, appNames, usual, openIncident, onOpenIncident }: HistoryViewProps) {
  const format = useFormat();
  const { t } = useTranslation();
  const [range, setRange] = useState<RangeId>('day');
  // The last history that arrived stays shown while another range loads; a
  // failure counts only for the range it was asked for.
  const [history, setHistory] = useState<History | null>(null);
  const [failedHours, setFailedHours] = useState<number | null>(null);
  const [opened, setOpened] = useState<Set<string>>(() => new Set(openIncident ? [openIncident] : []));
  const [shownOpenIncident, setShownOpenIncident] = useState(openIncident);
  const hours = RANGES.find((r) => r.id === range)?.hours ?? 24;
  const failed = failedHours === hours;

  // A newly requested incident opens (during render, so no extra paint); the person may close it again.
  if (openIncident !== shownOpenIncident) {
    setShownOpenIncident(openIncident);
    if (openIncident) setOpened((current) => new Set(current).add(openIncident));
  }

  useEffect(() => {
    let active = true;
    bridge.getHistory({ since: new Date(Date.now() - hours * 3600_000).toISOString() }).then(
      (result) => {
        if (!active) return;
        setHistory(result);
        setFailedHours(null);
      },
      () => {
        if (active) setFailedHours(hours);
      },
    );
    return () => {
      active = false;
    };
  }, [bridge, hours]);

  const series = useMemo<ChartSeries[]>(() => {
    const ids = [...new Set((history?.samples ?? []).map((sample) => sample.appId))];
    return ids.map((appId) => ({ appId, name: appNames.get(appId) ?? appId }));
  }, [history, appNames]);

  const incidents = useMemo(
    () => [...(history?.incidents ?? [])].sort((a, b) => b.openedAt.localeCompare(a.openedAt)),
    [history],
  );

  return (
    <div className="stack">
      <div className="segmented" role="group" aria-label={t('history.range.label')}>
        {RANGES.map((each) => (
          <button
            key={each.id}
            type="button"
            className="segment"
            aria-pressed={range === each.id}
            onClick={() => setRange(each.id)}
          >
            {t(`history.range.${each.id}`)}
          </button>
        ))}
      </div>
      {failed ? (
        <EmptyState tone="fail" title={t('history.failed')} />
      ) : !history ? (
        <EmptyState tone="pending" title={t('status.loading')} />
      ) : (
        <>
          <section className="card" aria-labelledby="incidents-title">
            <h2 id="incidents-title" className="card-title">
              {t('history.incidents')}
            </h2>
            {incidents.length === 0 ? (
              <EmptyState tone="ok" title={t('history.noIncidents.title')} body={t('history.noIncidents.body')} />
            ) : (
              <ol className="timeline">
                {incidents.map((incident) => {
                  const id = String(incident.id);
                  return (
                    <IncidentItem
                      key={id}
                      incident={incident}
                      open={opened.has(id)}
                      onToggle={() => {
                        const next = new Set(opened);
                        if (next.has(id)) next.delete(id);
                        else {
                          next.add(id);
                          onOpenIncident(id);
                        }
                        setOpened(next);
                      }}
                    />
                  );
                })}
              </ol>
            )}
          </section>
          <section className="card" aria-labelledby="latency-title">
            <h2 id="latency-title" className="card-title">
              {t('history.latency')}
            </h2>
            {history.samples.length === 0 ? (
              <EmptyState tone="unknown" title={t('history.noSamples')} />
            ) : (
              <LatencyChart samples={history.samples} series={series} spanHours={hours} />
            )}
            <h3 className="card-subtitle">{t('history.usual.title')}</h3>
            {usual.size === 0 ? (
              <p className="muted small">{t('history.usual.none')}</p>
            ) : (
              <ul className="plain-list usual-list">
                {[...usual].map(([appId, figure]) => (
                  <li key={appId}>
                    {t('history.usual.item', {
                      app: appNames.get(appId) ?? appId,
                      median: format.milliseconds(figure.medianMs),
                      p90: format.milliseconds(figure.p90Ms),
                    })}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}

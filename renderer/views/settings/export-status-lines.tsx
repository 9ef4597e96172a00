// What the running export is doing now (AppState.export): /metrics served or
// not and why, remote write's last delivery, its problem, what waits in the
// offline spool and what was dropped. Technical details stay left to right.
import { useTranslation } from 'react-i18next';
import type { ExportProblem, ExportStatus } from '../../../electron/contracts/export-status';
import { StatusLabel } from '../../components/status-icon';
import { useFormat } from '../../format';

function ProblemLine({ problem }: { problem: ExportProblem }) {
  const { t } = useTranslation();
  return (
    <div className="export-problem" data-export-problem={problem.kind}>
      <StatusLabel
        tone={problem.kind === 'rejected' || problem.kind === 'spool-failed' ? 'warn' : 'fail'}
        label={t(`settings.export.problem.${problem.kind}`, { status: problem.status ?? '' })}
        size={16}
      />
      <code dir="ltr" className="export-detail">
        {problem.detail}
      </code>
    </div>
  );
}

export function MetricsStatusLine({ status }: { status: ExportStatus['metrics'] }) {
  const { t } = useTranslation();
  if (status.state === 'off') return null;
  if (status.state === 'failed') return <ProblemLine problem={status.problem} />;
  return (
    <p className="export-status" data-export-state="serving">
      <StatusLabel tone="ok" label={t('settings.export.serving')} size={16} />{' '}
      <bdi dir="ltr">
        <code>{status.url}</code>
      </bdi>
    </p>
  );
}

export function RemoteWriteStatusLines({ status }: { status: ExportStatus['remoteWrite'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (status.state === 'off') return null;
  return (
    <div className="export-status" data-export-state={status.problem ? 'problem' : 'sending'}>
      {status.problem ? (
        <ProblemLine problem={status.problem} />
      ) : (
        <StatusLabel
          tone={status.lastSentAt ? 'ok' : 'pending'}
          label={
            status.lastSentAt
              ? t('settings.export.lastSent', { when: format.time(status.lastSentAt) })
              : t('settings.export.notSentYet')
          }
          size={16}
        />
      )}
      {status.spooled.snapshots > 0 ? (
        <p className="muted">{t('settings.export.waiting', { count: status.spooled.snapshots })}</p>
      ) : null}
      {status.retryAt ? (
        <p className="muted">{t('settings.export.retryAt', { when: format.time(status.retryAt) })}</p>
      ) : null}
      {status.dropped.snapshots > 0 ? (
        <p className="muted">{t('settings.export.dropped', { count: status.dropped.snapshots })}</p>
      ) : null}
      {status.rejectedSamples > 0 ? (
        <p className="muted">{t('settings.export.rejected', { count: status.rejectedSamples })}</p>
      ) : null}
    </div>
  );
}

// The diagnosis as something to send to an ISP or a vendor: readable text and
// the JSON document, to copy or to save as a file.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge, Report } from '../../electron/contracts/bridge';
import { EmptyState } from '../components/empty-state';
import '../styles/report-view.css';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard permission can be missing (older Electron, some browsers): fall back to a selection copy.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

function saveFile(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ReportView({ bridge, diagnosisAt }: { bridge: Bridge; diagnosisAt: string | null }) {
  const { t } = useTranslation();
  const [report, setReport] = useState<Report | null>(null);
  const [failed, setFailed] = useState(false);
  const [notice, setNotice] = useState('');
  const [format, setFormat] = useState<'text' | 'json'>('text');

  useEffect(() => {
    if (!diagnosisAt) return;
    let active = true;
    bridge.getReport().then(
      (next) => {
        if (active) {
          setReport(next);
          setFailed(false);
        }
      },
      () => {
        if (active) setFailed(true);
      },
    );
    return () => {
      active = false;
    };
  }, [bridge, diagnosisAt]);

  if (!diagnosisAt)
    return <EmptyState tone="pending" title={t('status.firstCheck.title')} body={t('report.waiting')} />;
  if (failed) return <EmptyState tone="fail" title={t('report.failed')} />;
  if (!report) return <EmptyState tone="pending" title={t('status.loading')} />;

  const stamp = diagnosisAt.replace(/[:.]/g, '-');
  const content = format === 'text' ? report.text : report.json;
  return (
    <div className="stack">
      <p className="lead">{t('report.explain')}</p>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label={t('report.formatLabel')}>
          <button type="button" className="segment" aria-pressed={format === 'text'} onClick={() => setFormat('text')}>
            {t('report.text')}
          </button>
          <button type="button" className="segment" aria-pressed={format === 'json'} onClick={() => setFormat('json')}>
            {t('report.json')}
          </button>
        </div>
        <div className="button-row">
          <button
            type="button"
            className="button primary"
            onClick={() =>
              void copyText(content).then((ok) => setNotice(t(ok ? 'report.copied' : 'report.copyFailed')))
            }
          >
            {t('report.copy')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              saveFile(
                `outage-watch-${stamp}.${format === 'text' ? 'txt' : 'json'}`,
                format === 'text' ? 'text/plain;charset=utf-8' : 'application/json',
                content,
              );
              setNotice(t('report.saved'));
            }}
          >
            {t('report.save')}
          </button>
        </div>
      </div>
      <p className="notice" role="status" aria-live="polite">
        {notice}
      </p>
      <pre
        className="report-text card"
        dir={format === 'json' ? 'ltr' : 'auto'}
        tabIndex={0}
        aria-label={t('report.contentLabel')}
      >
        {content}
      </pre>
    </div>
  );
}

// A small latency line per app: inline SVG, drawn left to right in time in
// both directions of text. Gaps where the app was down are shown as marks on the base line.
import { useTranslation } from 'react-i18next';
import type { LatencySample } from '../../electron/contracts/bridge';
import { useFormat } from '../format';
import '../styles/sparkline.css';

const WIDTH = 120;
const HEIGHT = 32;

export function Sparkline({ samples, appName }: { samples: LatencySample[]; appName: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const values = samples.map((s) => s.latencyMs);
  const known = values.filter((v): v is number => v !== null);
  if (samples.length < 2 || known.length === 0) {
    return (
      <span className="sparkline sparkline-empty" role="img" aria-label={t('apps.sparkline.empty', { app: appName })}>
        {t('apps.sparkline.collecting')}
      </span>
    );
  }
  const max = Math.max(...known, 1);
  const step = WIDTH / (samples.length - 1);
  const y = (value: number) => HEIGHT - 3 - (value / max) * (HEIGHT - 6);
  let path = '';
  let pen = false;
  samples.forEach((sample, index) => {
    if (sample.latencyMs === null) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${(index * step).toFixed(1)},${y(sample.latencyMs).toFixed(1)}`;
    pen = true;
  });
  const sorted = [...known].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const downCount = samples.filter((s) => s.status === 'down').length;
  return (
    <svg
      className="sparkline"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={t('apps.sparkline.label', { app: appName, median: format.milliseconds(median), down: downCount })}
    >
      <path d={path} className="sparkline-line" />
      {samples.map((sample, index) =>
        sample.status === 'down' ? (
          <rect key={index} x={index * step - 1.5} y={HEIGHT - 4} width="3" height="4" className="sparkline-down" />
        ) : null,
      )}
    </svg>
  );
}

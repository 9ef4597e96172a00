// Latency over hours and days with uPlot: one line per app, time labels in the
// window's language, colours from the theme (rebuilt when the OS theme flips).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { LatencySample } from '../../electron/contracts/bridge';
import { useFormat } from '../format';
import '../styles/latency-chart.css';

const SERIES_COLOURS = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'];

export interface ChartSeries {
  appId: string;
  name: string;
}

function alignedData(samples: LatencySample[], series: ChartSeries[]): uPlot.AlignedData {
  const times = [...new Set(samples.map((s) => Math.floor(new Date(s.at).getTime() / 1000)))].sort((a, b) => a - b);
  const index = new Map(times.map((time, i) => [time, i]));
  const columns = series.map(() => new Array<number | null>(times.length).fill(null));
  const position = new Map(series.map((s, i) => [s.appId, i]));
  for (const sample of samples) {
    const column = position.get(sample.appId);
    const row = index.get(Math.floor(new Date(sample.at).getTime() / 1000));
    if (column === undefined || row === undefined) continue;
    const target = columns[column];
    if (target) target[row] = sample.latencyMs;
  }
  return [times, ...columns];
}

export function LatencyChart({
  samples,
  series,
  spanHours,
}: {
  samples: LatencySample[];
  series: ChartSeries[];
  spanHours: number;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    let chart: uPlot | null = null;
    const language = i18n.language;
    const formats = {
      seconds: new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
      minutes: new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' }),
      days: new Intl.DateTimeFormat(language, { weekday: 'short', hour: 'numeric' }),
    };
    // Tick labels as fine as the spacing between ticks needs, so no two read the same.
    const tickLabels = (splits: number[]) => {
      const step = splits.length > 1 ? (splits[1] ?? 0) - (splits[0] ?? 0) : spanHours * 3600;
      const format = step < 60 ? formats.seconds : step < 6 * 3600 ? formats.minutes : formats.days;
      return splits.map((s) => format.format(new Date(s * 1000)));
    };
    const build = () => {
      chart?.destroy();
      const style = getComputedStyle(document.documentElement);
      const colour = (name: string) => style.getPropertyValue(name).trim();
      const axis = {
        stroke: colour('--text-muted'),
        grid: { stroke: colour('--chart-grid'), width: 1 },
        ticks: { stroke: colour('--chart-grid') },
      };
      chart = new uPlot(
        {
          width: Math.max(element.clientWidth, 280),
          height: 240,
          legend: { show: true },
          cursor: { y: false },
          series: [
            {
              label: t('history.chart.time'),
              value: (_u, value) =>
                value === null ? t('chart.noValue') : format.dateTime(new Date(value * 1000).toISOString()),
            },
            ...series.map((each, i) => ({
              label: each.name,
              stroke: colour(SERIES_COLOURS[i % SERIES_COLOURS.length] ?? '--accent'),
              width: 2,
              spanGaps: false,
              value: (_u: uPlot, value: number | null) =>
                value === null ? t('chart.noValue') : format.milliseconds(value),
            })),
          ],
          axes: [
            { ...axis, values: (_u, splits) => tickLabels(splits) },
            { ...axis, size: 56, values: (_u, splits) => splits.map((s) => format.number(s)) },
          ],
        },
        alignedData(samples, series),
        element,
      );
    };
    build();
    const resize = new ResizeObserver(() => chart?.setSize({ width: Math.max(element.clientWidth, 280), height: 240 }));
    resize.observe(element);
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', build);
    return () => {
      resize.disconnect();
      scheme.removeEventListener('change', build);
      chart?.destroy();
    };
  }, [samples, series, spanHours, i18n.language, t, format]);

  return <div className="latency-chart" dir="ltr" ref={host} role="figure" aria-label={t('history.chart.label')} />;
}

// You → Wi-Fi/LAN → Router → ISP → DNS → Cloud/CDN → App, the failing hop marked
// by shape and words. An ordered list, so screen readers hear the order too.
import { useTranslation } from 'react-i18next';
import type { Verdict } from '../../electron/contracts/diagnosis';
import { PATH_SEGMENTS, segmentTones } from '../tones';
import { StatusIcon } from './status-icon';
import '../styles/path-strip.css';

function SegmentGlyph({ segment }: { segment: (typeof PATH_SEGMENTS)[number] }) {
  const paths: Record<(typeof PATH_SEGMENTS)[number], string> = {
    device: 'M4 5h16v10H4zM2 19h20M9 15v4M15 15v4',
    network: 'M2.5 9a14 14 0 0 1 19 0M5.5 12.5a9.5 9.5 0 0 1 13 0M8.5 16a5 5 0 0 1 7 0M12 19.5v.1',
    router: 'M3 14h18v5H3zM7 16.5h.1M11 16.5h.1M8 14l-2-6M16 14l2-6',
    isp: 'M12 3v18M5 21h14M8 7l4-4 4 4M6 12h12',
    dns: 'M4 5h16v5H4zM4 14h16v5H4zM7.5 7.5h.1M7.5 16.5h.1M11 7.5h6M11 16.5h6',
    cloud: 'M7 18a4.5 4.5 0 0 1-.6-9A6 6 0 0 1 18 8.5a4.8 4.8 0 0 1-.5 9.5Z',
    app: 'M5 3h14v18H5zM9 7h6M9 11h6M9 15h3',
  };
  return (
    <svg className="segment-glyph" width="28" height="28" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={paths[segment]} />
    </svg>
  );
}

export function PathStrip({ verdict, routerChecked }: { verdict: Verdict | null; routerChecked: boolean }) {
  const { t } = useTranslation();
  const tones = segmentTones(verdict, routerChecked);
  return (
    <ol className="path-strip" aria-label={t('path.label')}>
      {PATH_SEGMENTS.map((segment) => {
        const tone = tones[segment];
        return (
          <li
            key={segment}
            className={`path-segment tone-${tone}`}
            aria-current={tone === 'fail' || tone === 'warn' ? 'step' : undefined}
          >
            <span className="path-node">
              <SegmentGlyph segment={segment} />
              <span className="path-badge">
                <StatusIcon tone={tone} size={16} />
              </span>
            </span>
            <span className="path-name">{t(`path.segment.${segment}`)}</span>
            <span className="path-state">{t(`path.state.${tone}`)}</span>
          </li>
        );
      })}
    </ol>
  );
}

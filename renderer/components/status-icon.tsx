// One shape per tone (circle-check, triangle, octagon-cross, dashed circle,
// spinner): state reads without colour. Decorative: the label beside it speaks.
import type { Tone } from '../tones';
import '../styles/status-icon.css';

export function StatusIcon({ tone, size = 20 }: { tone: Tone; size?: number }) {
  return (
    <svg
      className={`status-icon tone-${tone}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
    >
      {tone === 'ok' && (
        <>
          <circle cx="12" cy="12" r="10" className="icon-fill" />
          <path d="M7 12.5l3.2 3.2L17 9" className="icon-mark" />
        </>
      )}
      {tone === 'warn' && (
        <>
          <path d="M12 2.5L22.5 20.5H1.5Z" className="icon-fill" />
          <path d="M12 9v5.5M12 17.3v.4" className="icon-mark" />
        </>
      )}
      {tone === 'fail' && (
        <>
          <path d="M8 2h8l6 6v8l-6 6H8l-6-6V8Z" className="icon-fill" />
          <path d="M8.5 8.5l7 7M15.5 8.5l-7 7" className="icon-mark" />
        </>
      )}
      {tone === 'unknown' && (
        <>
          <circle cx="12" cy="12" r="9.5" className="icon-outline" />
          <path d="M9.5 9.3a2.6 2.6 0 1 1 3.6 2.4c-.7.3-1.1.9-1.1 1.6v.7M12 16.8v.4" className="icon-mark-muted" />
        </>
      )}
      {tone === 'pending' && <circle cx="12" cy="12" r="9" className="icon-spinner" />}
    </svg>
  );
}

/** Icon plus words; the words are the accessible name. */
export function StatusLabel({
  tone,
  label,
  size,
  dir,
}: {
  tone: Tone;
  label: string;
  size?: number;
  dir?: 'ltr' | 'rtl';
}) {
  return (
    <span className={`status-label tone-${tone}`}>
      <StatusIcon tone={tone} size={size ?? 18} />
      <span dir={dir}>{label}</span>
    </span>
  );
}

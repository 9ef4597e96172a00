// Designed empty, loading and error states: an icon, a title, a line of help, an optional action.
import type { ReactNode } from 'react';
import type { Tone } from '../tones';
import { StatusIcon } from './status-icon';
import '../styles/empty-state.css';

export function EmptyState({
  tone,
  title,
  body,
  action,
}: {
  tone: Tone;
  title: string;
  body?: string;
  action?: ReactNode;
}) {
  return (
    <div className="empty-state" role={tone === 'pending' ? 'status' : undefined}>
      <StatusIcon tone={tone} size={40} />
      <p className="empty-title">{title}</p>
      {body ? <p className="muted">{body}</p> : null}
      {action}
    </div>
  );
}

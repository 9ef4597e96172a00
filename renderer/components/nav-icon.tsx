// Line icons for the sidebar; decorative, the link text names the view.
import type { View } from '../state/use-route';

const PATHS: Record<View, string> = {
  status: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM8 12.5l2.8 2.8L16.5 9.5',
  apps: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z',
  history: 'M12 7v5l3 2M3.5 12a8.5 8.5 0 1 0 2.5-6M3 4v4h4',
  settings: 'M4 7h10M18 7h2M4 17h2M10 17h10M14 5v4M6 15v4',
  report: 'M6 3h9l4 4v14H6zM14 3v5h5M9 12h7M9 16h7',
};

export function NavIcon({ view }: { view: View }) {
  return (
    <svg className="nav-icon" width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[view]} />
    </svg>
  );
}

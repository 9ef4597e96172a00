// Hash routes (#/apps, #/history/12) so the window works from file:// too.
import { useCallback, useEffect, useState } from 'react';

export const VIEWS = ['status', 'apps', 'history', 'settings', 'report'] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  /** e.g. the incident id in #/history/12 */
  detail: string | null;
}

export function parseRoute(hash: string): Route {
  const [name, detail] = hash.replace(/^#\/?/, '').split('/');
  const view = (VIEWS as readonly string[]).includes(name ?? '') ? (name as View) : 'status';
  return { view, detail: detail ? decodeURIComponent(detail) : null };
}

export function useRoute(): [Route, (view: View, detail?: string) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((view: View, detail?: string) => {
    window.location.hash = `#/${view}${detail ? `/${encodeURIComponent(detail)}` : ''}`;
  }, []);
  return [route, navigate];
}

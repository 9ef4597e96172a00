// The window: a sidebar of views, a top bar with the verdict and "Check now",
// and the demo's scenario switcher when served by `outage-watch demo`.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../electron/contracts/bridge';
import type { ConnectionWatch, DemoControl } from './bridge/http-bridge';
import { DemoSwitcher } from './components/demo-switcher';
import { NavIcon } from './components/nav-icon';
import { ProblemBanner } from './components/problem-banner';
import { StatusIcon, StatusLabel } from './components/status-icon';
import { useFormat } from './format';
import { useAppState } from './state/use-app-state';
import { useRoute, VIEWS, type View } from './state/use-route';
import { verdictTone } from './tones';
import { AppsView } from './views/apps-view';
import { HistoryView } from './views/history-view';
import { ReportView } from './views/report-view';
import { SettingsView } from './views/settings-view';
import { StatusView } from './views/status-view';

export interface AppProps {
  bridge: Bridge;
  /** Live-update health of the HTTP bridge; null in Electron (IPC does not drop). */
  connection: ConnectionWatch | null;
  demo: DemoControl | null;
  /** Called when the engine's language or a saved setting changes the window's language. */
  onLanguage: (language: string) => void;
  /** `?lang=` wins over the engine's language until a language is saved in Settings. */
  languageOverride: string | null;
}

export function App({ bridge, connection, demo, onLanguage, languageOverride }: AppProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const { state, failed } = useAppState(bridge);
  const [route, navigate] = useRoute();
  const [override, setOverride] = useState(languageOverride);
  const main = useRef<HTMLElement>(null);
  const [connected, setConnected] = useState(true);
  useEffect(() => connection?.subscribe(setConnected), [connection]);

  useEffect(() => {
    const language = override ?? state?.language;
    if (language) onLanguage(language);
  }, [override, state?.language, onLanguage]);

  const diagnosis = state?.diagnosis ?? null;
  const appNames = useMemo(() => new Map((diagnosis?.apps ?? []).map((app) => [app.id, app.name])), [diagnosis]);
  const usual = useMemo(
    () => new Map((diagnosis?.apps ?? []).flatMap((app) => (app.usual ? [[app.id, app.usual] as const] : []))),
    [diagnosis],
  );
  const checking = (state?.progress.pending.length ?? 0) > 0 || state?.phase === 'checking';
  const paused = state?.phase === 'paused';

  const views: Record<View, () => ReactNode> = {
    status: () => <StatusView state={state} failed={failed} />,
    apps: () => <AppsView bridge={bridge} state={state} onOpenSettings={() => navigate('settings')} />,
    history: () => (
      <HistoryView
        bridge={bridge}
        appNames={appNames}
        usual={usual}
        openIncident={route.detail}
        onOpenIncident={(id) => navigate('history', id)}
      />
    ),
    settings: () => (
      <SettingsView
        bridge={bridge}
        state={state}
        onSaved={(config) => {
          if (config.language !== 'auto') onLanguage(config.language);
          setOverride(null);
        }}
      />
    ),
    report: () => <ReportView bridge={bridge} diagnosisAt={diagnosis?.at ?? null} />,
  };

  return (
    <div className="app-shell">
      <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
        {t('nav.skip')}
      </button>
      <aside className="sidebar">
        <div className="sidebar-inner">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              <StatusIcon tone={diagnosis ? verdictTone(diagnosis.verdict.kind) : 'unknown'} size={26} />
            </span>
            <span className="brand-name">{t('common:appName')}</span>
          </div>
          <nav aria-label={t('nav.label')}>
            <ul className="nav-list">
              {VIEWS.map((view) => (
                <li key={view}>
                  <a href={`#/${view}`} className="nav-item" aria-current={route.view === view ? 'page' : undefined}>
                    <NavIcon view={view} />
                    <span>{t(`nav.${view}`)}</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="sidebar-foot" role="status" aria-live="polite">
            {state ? (
              <>
                <StatusLabel
                  tone={
                    checking
                      ? 'pending'
                      : paused || state.phase === 'offline-backoff'
                        ? 'warn'
                        : state.phase === 'starting'
                          ? 'pending'
                          : 'ok'
                  }
                  label={t(`phase.${checking ? 'checking' : state.phase}`)}
                  size={14}
                />
                {diagnosis ? (
                  <span className="muted small">{t('status.checkedAt', { when: format.time(diagnosis.at) })}</span>
                ) : null}
                {paused && state.pausedUntil ? (
                  <span className="muted small">
                    {t('status.pausedUntil', { when: format.time(state.pausedUntil) })}
                  </span>
                ) : null}
              </>
            ) : null}
          </div>
        </div>
      </aside>
      <div className="content">
        <header className="topbar">
          <h1 className="view-title">{t(`nav.${route.view}`)}</h1>
          <div className="topbar-actions">
            {paused ? (
              <button type="button" className="button" onClick={() => void bridge.resume()}>
                {t('actions.resume')}
              </button>
            ) : (
              <button type="button" className="button" disabled={!state} onClick={() => void bridge.pause(60)}>
                {t('actions.pauseHour')}
              </button>
            )}
            <button
              type="button"
              className="button primary"
              disabled={!state || checking || paused}
              onClick={() => void bridge.checkNow()}
            >
              {checking ? <StatusIcon tone="pending" size={16} /> : null}
              <span>{checking ? t('actions.checking') : t('actions.checkNow')}</span>
            </button>
          </div>
        </header>
        {connected ? null : (
          <div className="connection-lost" role="alert">
            <StatusIcon tone="warn" size={18} />
            <span>{t('connection.lost')}</span>
          </div>
        )}
        <ProblemBanner problems={state?.problems ?? []} />
        {demo ? <DemoSwitcher demo={demo} /> : null}
        <main id="main" ref={main} tabIndex={-1} className="view">
          {views[route.view]()}
        </main>
      </div>
    </div>
  );
}

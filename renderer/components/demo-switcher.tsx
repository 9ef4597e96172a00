// Only in `outage-watch demo`: pick a scenario; the fakes change and a check runs.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DemoState } from '../../electron/contracts/serve-protocol';
import type { DemoControl } from '../bridge/http-bridge';
import { StatusIcon } from './status-icon';
import '../styles/demo-switcher.css';

export function DemoSwitcher({ demo }: { demo: DemoControl }) {
  const { t } = useTranslation();
  const [state, setState] = useState<DemoState | null>(null);
  useEffect(() => {
    const unsubscribe = demo.onState(setState);
    demo.getState().then(setState, () => undefined);
    return unsubscribe;
  }, [demo]);
  if (!state) return null;
  return (
    <section className="demo-bar" aria-labelledby="demo-title">
      <div className="demo-intro">
        <h2 id="demo-title">{t('demo.title')}</h2>
        <p>{t('demo.explain')}</p>
      </div>
      <div className="segmented" role="group" aria-labelledby="demo-title">
        {state.scenarios.map((scenario) => (
          <button
            key={scenario}
            type="button"
            className="segment"
            aria-pressed={state.current === scenario}
            disabled={state.switching}
            onClick={() => {
              setState({ ...state, current: scenario, switching: true });
              demo.switchTo(scenario).then(setState, () => undefined);
            }}
          >
            {t(`demo.scenario.${scenario}`)}
          </button>
        ))}
      </div>
      <p className="demo-status" role="status">
        {state.switching ? (
          <>
            <StatusIcon tone="pending" size={14} /> {t('demo.switching')}
          </>
        ) : null}
      </p>
    </section>
  );
}

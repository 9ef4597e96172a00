// Entry: pick the bridge (Electron preload, else HTTP), settle the language
// before the first paint so Arabic never flashes in as English, then render.
import './styles/base.css'; // First (then controls.css), so the views' and components' own rules win ties.
import './styles/controls.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app';
import { connectDemoControl, createHttpBridge } from './bridge/http-bridge';
import { ipcBridge } from './bridge/ipc-bridge';
import { applyDocumentLanguage, createI18n, isLanguage, pickLanguage } from './i18n';

async function start(): Promise<void> {
  const ipc = ipcBridge();
  const http = ipc ? null : createHttpBridge();
  const bridge = ipc ?? http?.bridge;
  if (!bridge) return;
  const demo = ipc ? null : await connectDemoControl();
  const requested = new URLSearchParams(window.location.search).get('lang');
  const override = isLanguage(requested) ? requested : null;
  const engineLanguage = override
    ? null
    : await Promise.race([
        bridge.getState().then(
          (state) => state.language,
          () => null,
        ),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 1500)),
      ]);
  const language = override ?? engineLanguage ?? pickLanguage(null, navigator.languages);
  const i18n = createI18n(language);
  applyDocumentLanguage(i18n, language);

  const onLanguage = (next: string) => {
    if (!isLanguage(next) || next === i18n.language) return;
    void i18n.changeLanguage(next).then(() => applyDocumentLanguage(i18n, next));
  };

  const container = document.getElementById('root');
  if (!container) return;
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App
          bridge={bridge}
          connection={http?.connection ?? null}
          demo={demo}
          onLanguage={onLanguage}
          languageOverride={override}
        />
      </I18nextProvider>
    </StrictMode>,
  );
}

void start();

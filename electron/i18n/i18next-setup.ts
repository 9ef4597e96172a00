// The one i18next set-up: every locale file and namespace, loaded at once,
// for the engine's translators (translate.ts) and the window's
// react-i18next (renderer/i18n.ts) alike. Pure: the renderer imports it.
import i18next, { type i18n } from 'i18next';
import { LOCALE_RESOURCES, NAMESPACES, type Language, type Namespace } from './locales';

export interface I18nextSetup {
  /** The namespace of keys written without one. */
  defaultNS: Namespace;
  /** Plugins to use before init (react-i18next's binding in the window). */
  plugins?: Parameters<i18n['use']>[0][];
}

export function createI18next(language: Language, setup: I18nextSetup): i18n {
  const instance = i18next.createInstance();
  for (const plugin of setup.plugins ?? []) instance.use(plugin);
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    resources: LOCALE_RESOURCES as unknown as Record<string, Record<Namespace, object>>,
    ns: [...NAMESPACES],
    defaultNS: setup.defaultNS,
    nsSeparator: ':',
    interpolation: { escapeValue: false },
    // Resources are bundled: init finishes before it returns, so the first render is in the right language.
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

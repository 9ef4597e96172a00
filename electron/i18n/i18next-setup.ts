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

/** First-strong isolate and pop directional isolate (Unicode bidi isolates). */
const FSI = '\u2068';
const PDI = '\u2069';

/**
 * A value with Latin letters set inside an Arabic sentence ("AWS
 * us-east-1", an address, a proxy URL) is isolated: it keeps its own order
 * and the sentence around it keeps its own, instead of the two reordering.
 */
export function isolateInArabic(value: string): string {
  // Numbers alone need nothing: the bidi algorithm keeps a number whole.
  if (!/[A-Za-z]/.test(value)) return value;
  // Arabic words inside (a list's "و", a nested sentence): its names are isolated already.
  if (/[\u0600-\u06FF]/.test(value)) return value;
  // Latin only ("AWS us-east-1" from two values): one isolate, so it never splits or swaps.
  return `${FSI}${value.replaceAll(FSI, '').replaceAll(PDI, '')}${PDI}`;
}

export function createI18next(language: Language, setup: I18nextSetup): i18n {
  const instance = i18next.createInstance();
  const isolate = (value: unknown): string => {
    const text = String(value);
    return instance.language?.startsWith('ar') ? isolateInArabic(text) : text;
  };
  for (const plugin of setup.plugins ?? []) instance.use(plugin);
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    resources: LOCALE_RESOURCES as unknown as Record<string, Record<Namespace, object>>,
    ns: [...NAMESPACES],
    defaultNS: setup.defaultNS,
    nsSeparator: ':',
    // No HTML escaping (React and the OS render text as text); Arabic gets its values isolated instead.
    interpolation: { escapeValue: true, escape: isolate },
    // Resources are bundled: init finishes before it returns, so the first render is in the right language.
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

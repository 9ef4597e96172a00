// The window's i18n: the same locale files as the engine, through
// react-i18next; direction and lang follow the language on <html>.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LOCALE_RESOURCES, LANGUAGES, type Language } from '../electron/i18n/locales';

export type { Language };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** 'auto' follows the browser's languages: Arabic for any ar-* first preference. */
export function pickLanguage(setting: string | null | undefined, preferred: readonly string[]): Language {
  if (isLanguage(setting)) return setting;
  return preferred[0]?.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: LOCALE_RESOURCES as unknown as Record<string, Record<string, object>>,
    ns: Object.keys(LOCALE_RESOURCES.en),
    defaultNS: 'ui',
    nsSeparator: ':',
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

export function applyDocumentLanguage(instance: i18n, language: Language): void {
  const root = document.documentElement;
  root.lang = language;
  root.dir = instance.dir(language);
  document.title = instance.t('common:appName');
}

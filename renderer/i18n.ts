// The window's i18n: the engine's i18next set-up with react-i18next's
// binding; direction and lang follow the language on <html>.
import type { i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { createI18next } from '../electron/i18n/i18next-setup';
import { LANGUAGES, type Language } from '../electron/i18n/locales';

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
  return createI18next(language, { defaultNS: 'ui', plugins: [initReactI18next] });
}

export function applyDocumentLanguage(instance: i18n, language: Language): void {
  const root = document.documentElement;
  root.lang = language;
  root.dir = instance.dir(language);
  document.title = instance.t('common:appName');
}

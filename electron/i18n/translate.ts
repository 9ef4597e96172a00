// The engine's i18n layer: every sentence a person reads (verdicts, CLI,
// notifications, tray) comes from resources/locales through here.
import { createI18next, isolateInArabic } from './i18next-setup';
import type { Language } from './locales';

export type { Language } from './locales';

export type TranslateParams = Record<string, string | number | string[] | undefined>;

/** `t('diagnosis:kind.ok.summary', { apps: 3 })`: namespace before the colon. */
export type Translate = (key: string, params?: TranslateParams) => string;

export interface Translator {
  language: Language;
  t: Translate;
  /** Localized number (Arabic-Indic digits in Arabic). */
  formatNumber(value: number, options?: Intl.NumberFormatOptions): string;
  formatList(items: string[]): string;
  formatDateTime(iso: string): string;
}

const cache = new Map<Language, Translator>();

export function createTranslator(language: Language): Translator {
  const cached = cache.get(language);
  if (cached) return cached;
  const instance = createI18next(language, { defaultNS: 'common' });
  const numbers = new Intl.NumberFormat(language);
  const lists = new Intl.ListFormat(language, { style: 'long', type: 'conjunction' });
  const dates = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const translator: Translator = {
    language,
    t: (key, params) => {
      const values: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(params ?? {})) {
        // Each name of a list is isolated on its own in Arabic, so the list's "و" stays between them.
        if (Array.isArray(value)) values[name] = lists.format(language === 'ar' ? value.map(isolateInArabic) : value);
        else if (typeof value === 'number') values[name] = numbers.format(value);
        else values[name] = value;
      }
      if (typeof params?.count === 'number') values.count = params.count;
      return instance.t(key, values) as string;
    },
    formatNumber: (value, options) => new Intl.NumberFormat(language, options).format(value),
    formatList: (items) => lists.format(items),
    formatDateTime: (iso) => dates.format(new Date(iso)),
  };
  cache.set(language, translator);
  return translator;
}

/** 'auto' follows the system locale: Arabic for any ar-* locale, else English. */
export function resolveLanguage(setting: 'auto' | Language, systemLocale: string | undefined): Language {
  if (setting !== 'auto') return setting;
  return systemLocale?.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

/** The locale the OS reports to a plain Node process. */
export function systemLocale(): string {
  return (
    process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || Intl.DateTimeFormat().resolvedOptions().locale
  );
}

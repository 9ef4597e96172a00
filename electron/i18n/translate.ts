// The engine's i18n layer: every sentence a person reads (verdicts, CLI,
// notifications, tray) comes from resources/locales through here. Numbers,
// lists, dates and plurals come from plain-format.ts, not Intl: the engine
// runs for days, and ICU's formatters would cost it ~7 MiB the whole time.
import { createI18next, isolateInArabic } from './i18next-setup';
import type { Language } from './locales';
import * as plain from './plain-format';

export type { Language } from './locales';

export type TranslateParams = Record<string, string | number | string[] | undefined>;

/** `t('diagnosis:kind.ok.summary', { apps: 3 })`: namespace before the colon. */
export type Translate = (key: string, params?: TranslateParams) => string;

export interface Translator {
  language: Language;
  t: Translate;
  /** A number as the language writes it ("1,234"; a left-to-right mark before a minus in Arabic). */
  formatNumber(value: number): string;
  /** A fraction as a whole percentage: 0.855 → "86%". */
  formatPercent(fraction: number): string;
  formatList(items: string[]): string;
  formatDateTime(iso: string): string;
}

const cache = new Map<Language, Translator>();

export function createTranslator(language: Language): Translator {
  const cached = cache.get(language);
  if (cached) return cached;
  const instance = createI18next(language, { defaultNS: 'common' });
  usePlainPluralRules(instance);
  const translator: Translator = {
    language,
    t: (key, params) => {
      const values: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(params ?? {})) {
        // Each name of a list is isolated on its own in Arabic, so the list's "و" stays between them.
        if (Array.isArray(value))
          values[name] = plain.formatList(language, language === 'ar' ? value.map(isolateInArabic) : value);
        else if (typeof value === 'number') values[name] = plain.formatNumber(language, value);
        else values[name] = value;
      }
      if (typeof params?.count === 'number') values.count = params.count;
      return instance.t(key, values) as string;
    },
    formatNumber: (value) => plain.formatNumber(language, value),
    formatPercent: (fraction) => plain.formatPercent(language, fraction),
    formatList: (items) => plain.formatList(language, items),
    formatDateTime: (iso) => plain.formatDateTime(language, new Date(iso)),
  };
  cache.set(language, translator);
  return translator;
}

/**
 * i18next picks a plural key (`_one`, `_few`, ...) with Intl.PluralRules;
 * its resolver takes the same answers from plain-format's CLDR rules instead
 * (cardinal only: the locale files have no ordinal keys). The language is
 * the one being looked up, which is English when an Arabic key falls back.
 */
function usePlainPluralRules(instance: ReturnType<typeof createI18next>): void {
  const resolver = instance.services.pluralResolver as {
    getRule(code: string, options?: { ordinal?: boolean }): unknown;
  };
  const intlRule = resolver.getRule.bind(resolver);
  resolver.getRule = (code, options = {}) => {
    if (options.ordinal) return intlRule(code, options);
    const language: Language = code.toLowerCase().startsWith('ar') ? 'ar' : 'en';
    return {
      select: (count: number) => plain.pluralCategory(language, count),
      resolvedOptions: () => ({ pluralCategories: [...plain.PLURAL_CATEGORIES[language]] }),
    };
  };
}

/** 'auto' follows the system locale: Arabic for any ar-* locale, else English. */
export function resolveLanguage(setting: 'auto' | Language, systemLocale: string | undefined): Language {
  if (setting !== 'auto') return setting;
  return systemLocale?.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

/**
 * The locale the OS reports to a plain Node process. On Linux that is the
 * environment, which is where ICU reads it too; elsewhere (macOS, Windows
 * settings) only ICU knows, and asking it loads its formatters.
 */
export function systemLocale(): string {
  const fromEnvironment = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG;
  if (fromEnvironment) return fromEnvironment;
  return process.platform === 'linux' ? 'en' : Intl.DateTimeFormat().resolvedOptions().locale;
}

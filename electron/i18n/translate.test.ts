// The engine's translator: the same sentences as i18next with Intl's plural
// rules, and never an Intl formatter of its own (ICU stays unmapped).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createI18next } from './i18next-setup';
import { LANGUAGES, LOCALE_RESOURCES, NAMESPACES } from './locales';
import { createTranslator } from './translate';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every `namespace:key` written with plural forms, as t() is called (without the suffix). */
function pluralKeys(): string[] {
  const keys = new Set<string>();
  const walk = (namespace: string, tree: object, path: string): void => {
    for (const [name, value] of Object.entries(tree)) {
      if (typeof value === 'object' && value !== null) walk(namespace, value, `${path}${name}.`);
      else if (PLURAL_SUFFIX.test(name)) keys.add(`${namespace}:${path}${name.replace(PLURAL_SUFFIX, '')}`);
    }
  };
  for (const language of LANGUAGES) {
    for (const namespace of NAMESPACES) walk(namespace, LOCALE_RESOURCES[language][namespace], '');
  }
  return [...keys].sort();
}

describe('the engine translator', () => {
  it('never creates an Intl formatter, in either language', () => {
    const saved = Object.getOwnPropertyDescriptors(Intl);
    // Recorded as well as thrown: i18next catches a failing Intl.PluralRules and goes on.
    const created: string[] = [];
    const refused = (name: string) =>
      function refusedFormatter(): never {
        created.push(name);
        throw new Error(`the engine created Intl.${name}`);
      };
    for (const name of ['NumberFormat', 'ListFormat', 'DateTimeFormat', 'PluralRules', 'Collator'] as const) {
      Object.defineProperty(Intl, name, { value: refused(name), configurable: true, writable: true });
    }
    try {
      for (const language of LANGUAGES) {
        const translator = createTranslator(language);
        for (const key of pluralKeys()) translator.t(key, { count: 3, apps: ['Zoom', 'Slack'], minutes: 12 });
        translator.formatNumber(1234.5);
        translator.formatPercent(0.86);
        translator.formatDateTime('2026-12-01T17:44:00Z');
        translator.formatList(['Zoom', 'Slack', 'Teams']);
      }
    } finally {
      Object.defineProperties(Intl, saved);
    }
    assert.deepEqual(created, []);
  });

  it('picks the same plural form as i18next with Intl.PluralRules, for every plural key', () => {
    const keys = pluralKeys();
    assert.ok(keys.length >= 10, `found ${keys.length} plural keys`);
    for (const language of LANGUAGES) {
      const engine = createTranslator(language);
      const reference = createI18next(language, { defaultNS: 'common' });
      for (const key of keys) {
        for (let count = 0; count <= 130; count++) {
          assert.equal(engine.t(key, { count }), reference.t(key, { count }), `${language} ${key} ${count}`);
        }
      }
    }
  });
});

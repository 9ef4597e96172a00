// The engine's formatters against Intl itself, value by value, in both
// languages: the day Node's ICU changes a pattern, this fails and says where.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatDateTime,
  formatList,
  formatNumber,
  formatPercent,
  PLURAL_CATEGORIES,
  pluralCategory,
} from './plain-format';
import type { Language } from './locales';

const LANGUAGES: Language[] = ['en', 'ar'];

/** A fixed sequence of pseudo-random numbers (mulberry32), so a failure repeats. */
function numbers(seed: number, count: number): number[] {
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => {
    const magnitude = 10 ** Math.floor(next() * 12 - 4);
    const value = next() * magnitude;
    const roundedTo = [0, 1, 2, 3, 4, 6][Math.floor(next() * 6)] ?? 0;
    return (next() < 0.2 ? -1 : 1) * Number(value.toFixed(roundedTo));
  });
}

const EDGES = [
  0,
  -0,
  1,
  -1,
  7,
  999,
  1000,
  1234,
  1234567.891,
  0.0005,
  0.0015,
  1.0005,
  1.0025,
  2.0005,
  999.9995,
  0.015,
  0.005,
  0.855,
  0.8549,
  12.345,
  1e-7,
  123456789012,
  1e20,
  5e-324,
  -0.0001,
  NaN,
  Infinity,
  -Infinity,
];

describe('plain-format: the same text as Intl', () => {
  for (const language of LANGUAGES) {
    it(`numbers in ${language}`, () => {
      const intl = new Intl.NumberFormat(language);
      for (const value of [...EDGES, ...numbers(1, 3000)]) {
        assert.equal(formatNumber(language, value), intl.format(value), `${language} ${value}`);
      }
    });

    it(`percentages in ${language}`, () => {
      const intl = new Intl.NumberFormat(language, { style: 'percent' });
      const fractions = [...EDGES, ...numbers(2, 3000).map((value) => value / 1000), 0.125, 0.135, 0.995, 0.9949];
      for (const value of fractions) {
        assert.equal(formatPercent(language, value), intl.format(value), `${language} ${value}`);
      }
    });

    it(`lists in ${language}`, () => {
      const intl = new Intl.ListFormat(language, { style: 'long', type: 'conjunction' });
      const names = ['Zoom', 'Slack', 'AWS us-east-1', 'نتفليكس', 'App 5'];
      for (let length = 0; length <= names.length; length++) {
        assert.equal(formatList(language, names.slice(0, length)), intl.format(names.slice(0, length)));
      }
    });

    it(`dates and times in ${language}`, () => {
      const intl = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
      const start = new Date(2026, 0, 1, 0, 0).getTime();
      // Every hour of a year, at a minute that moves, and the minutes either side of noon and midnight.
      for (let hour = 0; hour < 24 * 366; hour += 7) {
        const at = new Date(start + hour * 3_600_000 + (hour % 60) * 60_000);
        assert.equal(formatDateTime(language, at), intl.format(at), at.toISOString());
      }
      for (const [h, m] of [
        [0, 0],
        [0, 1],
        [11, 59],
        [12, 0],
        [12, 1],
        [23, 59],
      ] as const) {
        const at = new Date(2026, 11, 1, h, m);
        assert.equal(formatDateTime(language, at), intl.format(at));
      }
      assert.throws(() => formatDateTime(language, new Date('not a date')), RangeError);
    });

    it(`plural categories in ${language}`, () => {
      const intl = new Intl.PluralRules(language);
      assert.deepEqual([...PLURAL_CATEGORIES[language]].sort(), [...intl.resolvedOptions().pluralCategories].sort());
      for (let count = -250; count <= 1250; count++) {
        assert.equal(pluralCategory(language, count), intl.select(count), `${language} ${count}`);
      }
      for (const count of [0.5, 1.5, 2.5, 3.25, 101.5])
        assert.equal(pluralCategory(language, count), intl.select(count));
    });
  }
});

// Numbers, lists, dates and plural categories for the engine's two languages,
// written out instead of asked of Intl. The first Intl formatter a process
// creates (NumberFormat, ListFormat, DateTimeFormat, PluralRules) maps ICU's
// formatting code and data: ~7 MiB resident for as long as `watch` or the
// app's engine runs, a tenth of its memory, to print "1,234" and "a and b".
// The output is exactly what Intl gives for English and Arabic in the ICU
// that Node 24 ships (plain-format.test.ts compares the two value by value);
// the window, in Chromium, keeps Intl.
import type { Language } from './locales';

/** Left-to-right mark: keeps a sign or a percent sign on its number's side in Arabic text. */
const LRM = '\u200e';
/** No-break space: ICU keeps Arabic's "not a number" on one line. */
const NBSP = '\u00a0';
/** Right-to-left mark, after the day and the month of an Arabic date. */
const RLM = '\u200f';

type Digits = { whole: string; fraction: string };

/** The shortest decimal digits of a finite non-negative number: "0.015" for 0.015, not its binary value. */
function decimalDigits(value: number): Digits {
  const [mantissa = '0', exponentText] = String(value).split('e');
  const [head = '0', tail = ''] = mantissa.split('.');
  const exponent = Number(exponentText ?? 0);
  if (exponent === 0) return { whole: head, fraction: tail };
  const digits = head + tail;
  const point = head.length + exponent;
  if (point <= 0) return { whole: '0', fraction: '0'.repeat(-point) + digits };
  if (point >= digits.length) return { whole: digits + '0'.repeat(point - digits.length), fraction: '' };
  return { whole: digits.slice(0, point), fraction: digits.slice(point) };
}

/** Adds one to a string of decimal digits ("199" → "200", "99" → "100"). */
function incremented(digits: string): string {
  const out = digits.split('');
  for (let at = out.length - 1; at >= 0; at--) {
    if (out[at] !== '9') {
      out[at] = String(Number(out[at]) + 1);
      return out.join('');
    }
    out[at] = '0';
  }
  return `1${out.join('')}`;
}

/** The same digits × 10^places ("0.015" → "1.5" for two places). */
function shifted({ whole, fraction }: Digits, places: number): Digits {
  const padded = fraction.padEnd(places, '0');
  return { whole: (whole + padded.slice(0, places)).replace(/^0+(?=\d)/, ''), fraction: padded.slice(places) };
}

/** Rounds half away from zero to `maxFraction` digits, as ICU does, and drops trailing zeros. */
function rounded({ whole, fraction }: Digits, maxFraction: number): Digits {
  if (fraction.length <= maxFraction) return { whole, fraction: fraction.replace(/0+$/, '') };
  let kept = whole + fraction.slice(0, maxFraction);
  if (Number(fraction[maxFraction]) >= 5) kept = incremented(kept);
  const wholeLength = kept.length - maxFraction;
  return { whole: kept.slice(0, wholeLength), fraction: kept.slice(wholeLength).replace(/0+$/, '') };
}

const grouped = (whole: string): string => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** `scale` is the power of ten applied first (2 for a percent). */
function formatDecimal(language: Language, value: number, scale: number, maxFraction: number, suffix: string): string {
  if (Number.isNaN(value)) return (language === 'ar' ? `ليس${NBSP}رقمًا` : 'NaN') + suffix;
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  let body = '∞';
  if (magnitude !== Infinity) {
    const { whole, fraction } = rounded(shifted(decimalDigits(magnitude), scale), maxFraction);
    body = grouped(whole) + (fraction ? `.${fraction}` : '');
  }
  const sign = negative ? (language === 'ar' ? `${LRM}-` : '-') : '';
  return sign + body + suffix;
}

/** Intl.NumberFormat(language).format(value): grouping, at most three decimals. */
export function formatNumber(language: Language, value: number): string {
  return formatDecimal(language, value, 0, 3, '');
}

/** Intl.NumberFormat(language, { style: 'percent' }).format(fraction): 0.855 → "86%". */
export function formatPercent(language: Language, fraction: number): string {
  return formatDecimal(language, fraction, 2, 0, language === 'ar' ? `${LRM}%${LRM}` : '%');
}

/** Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items). */
export function formatList(language: Language, items: readonly string[]): string {
  if (language === 'ar') return items.join(' و');
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`;
}

const ENGLISH_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(at), in local time. */
export function formatDateTime(language: Language, at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('Invalid time value');
  const hour12 = at.getHours() % 12 || 12;
  const minutes = String(at.getMinutes()).padStart(2, '0');
  const morning = at.getHours() < 12;
  if (language === 'ar') {
    const day = String(at.getDate()).padStart(2, '0');
    const month = String(at.getMonth() + 1).padStart(2, '0');
    return `${day}${RLM}/${month}${RLM}/${at.getFullYear()}، ${hour12}:${minutes} ${morning ? 'ص' : 'م'}`;
  }
  return `${ENGLISH_MONTHS[at.getMonth()]} ${at.getDate()}, ${at.getFullYear()}, ${hour12}:${minutes} ${morning ? 'AM' : 'PM'}`;
}

export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/** The categories each language's plural keys may use (CLDR), in i18next's suffix order. */
export const PLURAL_CATEGORIES: Record<Language, readonly PluralCategory[]> = {
  en: ['one', 'other'],
  ar: ['zero', 'one', 'two', 'few', 'many', 'other'],
};

/** Intl.PluralRules(language).select(count): CLDR's cardinal rules for English and Arabic. */
export function pluralCategory(language: Language, count: number): PluralCategory {
  // CLDR's n is the absolute value; a visible fraction (1.5) is never one, two, few or many.
  const n = Math.abs(count);
  if (language === 'en') return n === 1 ? 'one' : 'other';
  if (!Number.isInteger(n)) return 'other';
  if (n === 0) return 'zero';
  if (n === 1) return 'one';
  if (n === 2) return 'two';
  const lastTwo = n % 100;
  if (lastTwo >= 3 && lastTwo <= 10) return 'few';
  if (lastTwo >= 11 && lastTwo <= 99) return 'many';
  return 'other';
}

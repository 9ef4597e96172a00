// Numbers, durations and dates in the window's language (Arabic-Indic digits in Arabic).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface Format {
  number(value: number, options?: Intl.NumberFormatOptions): string;
  percent(fraction: number): string;
  milliseconds(value: number): string;
  dateTime(iso: string): string;
  time(iso: string): string;
  /** "5 minutes ago" style, for times within the last days. */
  relative(iso: string, now?: number): string;
  duration(fromIso: string, toIso: string): string;
  list(items: string[]): string;
}

export function createFormat(language: string): Format {
  const numbers = new Intl.NumberFormat(language);
  const percents = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
  const millis = new Intl.NumberFormat(language, {
    style: 'unit',
    unit: 'millisecond',
    unitDisplay: 'short',
    maximumFractionDigits: 0,
  });
  const dateTimes = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const times = new Intl.DateTimeFormat(language, { timeStyle: 'medium' });
  const relatives = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const lists = new Intl.ListFormat(language, { style: 'long', type: 'conjunction' });
  const unitFormat = (unit: 'minute' | 'hour' | 'day', value: number) =>
    new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 0 }).format(
      value,
    );
  return {
    number: (value, options) =>
      options ? new Intl.NumberFormat(language, options).format(value) : numbers.format(value),
    percent: (fraction) => percents.format(fraction),
    milliseconds: (value) => millis.format(value),
    dateTime: (iso) => dateTimes.format(new Date(iso)),
    time: (iso) => times.format(new Date(iso)),
    relative: (iso, now = Date.now()) => {
      const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
      if (Math.abs(seconds) < 60) return relatives.format(seconds, 'second');
      const minutes = Math.round(seconds / 60);
      if (Math.abs(minutes) < 60) return relatives.format(minutes, 'minute');
      const hours = Math.round(minutes / 60);
      if (Math.abs(hours) < 48) return relatives.format(hours, 'hour');
      return relatives.format(Math.round(hours / 24), 'day');
    },
    duration: (fromIso, toIso) => {
      const minutes = Math.max(0, (new Date(toIso).getTime() - new Date(fromIso).getTime()) / 60_000);
      if (minutes < 1) return unitFormat('minute', 1);
      if (minutes < 120) return unitFormat('minute', Math.round(minutes));
      if (minutes < 48 * 60) return unitFormat('hour', Math.round(minutes / 60));
      return unitFormat('day', Math.round(minutes / 1440));
    },
    list: (items) => lists.format(items),
  };
}

export function useFormat(): Format {
  const { i18n } = useTranslation();
  return useMemo(() => createFormat(i18n.language), [i18n.language]);
}

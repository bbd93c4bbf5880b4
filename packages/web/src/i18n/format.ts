import type { Language } from './languages.js';

// Intl's formatters are costly to build and a list renders many dates: one per language and style.
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: () => F,
): F {
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter as F;
}

/**
 * A day in the language's own form ("3 Feb 1985", "٣ فبراير ١٩٨٥").
 *
 * @example
 * formatDate(Date.UTC(1985, 1, 3), 'es'); // '3 feb 1985'
 */
export function formatDate(ms: number, language: Language): string {
  return cached(
    `date:${language}`,
    () => new Intl.DateTimeFormat(language, { dateStyle: 'medium' }),
  ).format(ms);
}

/** A day and time in the language's own form. */
export function formatDateTime(ms: number, language: Language): string {
  return cached(
    `datetime:${language}`,
    () => new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(ms);
}

/**
 * A calendar day typed as `YYYY-MM-DD` (a date of birth), in the language's
 * form; any other text as it was typed. The day is read in UTC, so it is the
 * same day in every time zone.
 */
export function formatDay(text: string, language: Language): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms)) return text;
  return cached(
    `day:${language}`,
    () => new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }),
  ).format(ms);
}

/** A measured value (temperature, weight) in the language's digits and decimal sign. */
export function formatNumber(value: number, language: Language): string {
  return cached(`number:${language}`, () => new Intl.NumberFormat(language)).format(value);
}

/**
 * How long ago `ms` was, in words ("5 minutes ago", "hace 5 minutos"), for
 * times within the hour; older times as a day and time.
 */
export function formatTimeAgo(ms: number, now: number, language: Language): string | null {
  const minutes = Math.floor(Math.max(0, now - ms) / 60_000);
  if (minutes < 1) return null;
  if (minutes >= 60) return formatDateTime(ms, language);
  return cached(
    `relative:${language}`,
    () => new Intl.RelativeTimeFormat(language, { numeric: 'auto' }),
  ).format(-minutes, 'minute');
}

/**
 * A size in megabytes in the language's own form ("9.8 MB", "٩٫٨ م.ب").
 *
 * @example
 * formatMegabytes(9_800_000, 'en'); // '9.8 MB'
 */
export function formatMegabytes(bytes: number, language: Language): string {
  return cached(
    `megabytes:${language}`,
    () =>
      new Intl.NumberFormat(language, {
        style: 'unit',
        unit: 'megabyte',
        maximumFractionDigits: 1,
        minimumFractionDigits: 1,
      }),
  ).format(bytes / 1e6);
}

/** A duration, in seconds under a minute and a half, else in whole minutes ("12 sec", "3 min"). */
export function formatDuration(seconds: number, language: Language): string {
  const minutes = seconds >= 90;
  return cached(
    `duration:${minutes ? 'minute' : 'second'}:${language}`,
    () =>
      new Intl.NumberFormat(language, {
        style: 'unit',
        unit: minutes ? 'minute' : 'second',
        unitDisplay: 'short',
        maximumFractionDigits: 0,
      }),
  ).format(minutes ? Math.round(seconds / 60) : Math.ceil(seconds));
}

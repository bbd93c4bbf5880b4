import type { Column } from './model.js';

// The range every time column accepts: years 0001 to 9999. Within it epoch
// milliseconds convert to timestamptz and back exactly.
export const minTimeMs = -62_135_596_800_000;
export const maxTimeMs = 253_402_300_799_999;

/** `YYYY-MM-DD`; `checkValue` also holds it to the calendar. */
export const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A decimal as its string travels: `-12.50`, no exponent, no leading zeros. */
export const decimalPattern = /^-?(0|[1-9]\d*)(\.\d+)?$/;

function isCalendarDate(text: string): boolean {
  const match = datePattern.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : daysInMonth);
}

function checkText(value: string): string | undefined {
  if (!value.isWellFormed()) return 'is not well-formed Unicode (a lone surrogate)';
  // PostgreSQL text cannot hold U+0000.
  if (value.includes('\u0000')) return 'contains the character U+0000';
  return undefined;
}

/**
 * Why `value` cannot be stored in `column`, or undefined when it can.
 * `null` is accepted only in optional columns.
 */
export function checkValue(column: Column, value: unknown): string | undefined {
  if (value === null) return column.optional ? undefined : 'must not be null';
  switch (column.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be a boolean';
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'time':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return 'must be an integer (epoch milliseconds)';
      }
      return value >= minTimeMs && value <= maxTimeMs
        ? undefined
        : 'must be a time between the years 0001 and 9999';
    case 'date':
      if (typeof value !== 'string') return 'must be a string';
      return value === '' || isCalendarDate(value) ? undefined : "must be 'YYYY-MM-DD' or ''";
    case 'decimal':
      if (typeof value !== 'string') return 'must be a decimal number as a string';
      if (!decimalPattern.test(value)) return "must be a decimal such as '12.50'";
      // PostgreSQL's numeric has no negative zero: '-0' would come back as '0'.
      return /^-0(\.0+)?$/.test(value) ? "must not be negative zero; send '0'" : undefined;
    case 'json': {
      if (typeof value !== 'string') return 'must be a JSON-encoded string';
      const problem = checkText(value);
      if (problem) return problem;
      if (value === '') return undefined;
      try {
        JSON.parse(value);
        return undefined;
      } catch {
        return 'must hold valid JSON text';
      }
    }
    case 'text':
      return typeof value === 'string' ? checkText(value) : 'must be a string';
  }
}

/** The value WatermelonDB gives a column nobody set: null if optional, else '' / 0 / false. */
export function defaultValue(column: Column): string | number | boolean | null {
  if (column.optional) return null;
  switch (column.type) {
    case 'boolean':
      return false;
    case 'number':
      return 0;
    case 'decimal':
      return '0';
    case 'string':
      return '';
  }
}

import { getTable } from '@clinicsync/schema';
import type { SqlValue } from '../driver/sql-driver.js';
import { foldName, phoneDigits, phoneQuery } from '../search/search-folding.js';
import { columnList } from './encode-values.js';
import { searchTable } from './local-schema.js';

export interface PatientSearchOptions {
  /** Most records returned (default 50). */
  readonly limit?: number;
}

const maxTerms = 5;

/** Text made of digits and the signs phone numbers are written with: one number. */
const phoneShaped = /^[\d\u0660-\u0669\u06F0-\u06F9\s+\-()./]+$/;

/**
 * How well a match's surname fits the words: 0 when a word is a whole word
 * of the surname, 1 when it starts one, 2 otherwise (it matched the given
 * name, or the phone). The best of the words counts.
 */
function surnameRank(words: readonly string[], params: SqlValue[]): string {
  if (words.length === 0) return '0';
  const cases = words.map((word) => {
    params.push(` ${word} `, ` ${word}`);
    return `CASE WHEN instr(' ' || s.surname || ' ', ?) > 0 THEN 0 WHEN instr(' ' || s.surname || ' ', ?) > 0 THEN 1 ELSE 2 END`;
  });
  // min() with one argument would be the aggregate.
  return cases.length === 1 ? cases[0]! : `min(${cases.join(', ')})`;
}

/**
 * The query behind `searchPatients`, on the FTS5 index of local-schema.ts:
 * every word of `text` must start a word of the given name or the surname
 * (any part of a multi-part name), folded as the index is (case, accents,
 * Arabic letter variants); a number, written with spaces or signs or not,
 * matches a phone's digits from the start or any run of its last digits;
 * `text` as a whole may be a patient's id. Whole-word and prefix matches of
 * the surname come first, then by surname. Returns null for text without words.
 */
export function buildPatientSearch(
  text: string,
  options: PatientSearchOptions = {},
): { sql: string; params: SqlValue[] } | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const clauses: string[] = [];
  const nameWords: string[] = [];
  const digits = phoneDigits(trimmed);
  if (phoneShaped.test(trimmed) && digits.length > 0) {
    clauses.push(`phone : ${phoneQuery(digits)}`);
  } else {
    for (const word of foldName(trimmed).split(' ').filter(Boolean).slice(0, maxTerms)) {
      nameWords.push(word);
      // A number among words may be a phone's or part of a name ("Juan 2º").
      clauses.push(
        /^\d+$/.test(word)
          ? `({given surname} : "${word}"* OR phone : ${phoneQuery(word)})`
          : `{given surname} : "${word}"*`,
      );
    }
  }
  const params: SqlValue[] = [];
  const rank = surnameRank(nameWords, params);
  const columns = columnList(getTable('patients'))
    .split(', ')
    .map((column) => `p.${column}`)
    .join(', ');
  const match = clauses.length > 0 ? clauses.join(' AND ') : null;
  const found = match
    ? `p.rowid IN (SELECT rowid FROM ${searchTable} WHERE ${searchTable} MATCH ?) OR p.id = ?`
    : 'p.id = ?';
  const where = match ? [match, trimmed] : [trimmed];
  return {
    sql:
      `SELECT ${columns} FROM "patients" p WHERE p._status != 'deleted' AND (${found}) ` +
      `ORDER BY p.id = ? DESC, (SELECT ${rank} FROM ${searchTable} s WHERE s.rowid = p.rowid), ` +
      `p."surname" COLLATE NOCASE, p."given_name" COLLATE NOCASE, p.id LIMIT ?`,
    params: [...where, trimmed, ...params, options.limit ?? 50],
  };
}

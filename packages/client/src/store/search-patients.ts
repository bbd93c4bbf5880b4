import { getTable } from '@clinicsync/schema';
import type { SqlValue } from '../driver/sql-driver.js';
import { columnList } from './encode-values.js';

export interface PatientSearchOptions {
  /** Most records returned (default 50). */
  readonly limit?: number;
}

const maxTerms = 5;

function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The query behind `searchPatients`: every word of `text` must be the start
 * of the given name, the surname or the phone number (ignoring ASCII case),
 * or the whole patient id. Prefix matches only, so each word is an index
 * range on the NOCASE indexes of local-schema.ts, not a scan of the table.
 * Returns null for text without words.
 */
export function buildPatientSearch(
  text: string,
  options: PatientSearchOptions = {},
): { sql: string; params: SqlValue[] } | null {
  const terms = text.trim().split(/\s+/).filter(Boolean).slice(0, maxTerms);
  if (terms.length === 0) return null;
  const params: SqlValue[] = [];
  const parts = terms.map((term) => {
    const pattern = `${escapeLike(term)}%`;
    params.push(pattern, pattern, pattern, term);
    return `("given_name" LIKE ? ESCAPE '\\' OR "surname" LIKE ? ESCAPE '\\' OR "phone" LIKE ? ESCAPE '\\' OR id = ?)`;
  });
  params.push(options.limit ?? 50);
  return {
    sql: `SELECT ${columnList(getTable('patients'))} FROM "patients" WHERE _status != 'deleted' AND ${parts.join(' AND ')} ORDER BY "surname" COLLATE NOCASE, "given_name" COLLATE NOCASE, id LIMIT ?`,
    params,
  };
}

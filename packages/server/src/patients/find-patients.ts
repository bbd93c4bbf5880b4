import type { Queryable } from '../db/database.js';
import type { LookupTerms } from './lookup-terms.js';

/** A patient as the lookup shows one, before `in_scope` is known. */
export interface FoundPatient {
  readonly id: string;
  readonly given_name: string;
  readonly surname: string;
  readonly date_of_birth: string | null;
  readonly sex: string;
  readonly primary_clinic_id: string | null;
}

/**
 * Live patients of the whole organisation matching `terms`: the id
 * exactly; or every word beginning a word of the given name or surname
 * (case-insensitive); or, with 4 digits or more, the digits inside the
 * phone's. The exact id comes first, then by surname and given name.
 * Only the fields the lookup answers are read.
 *
 * @example
 * const found = await findPatients(db, lookupTerms('haddad'), 20);
 */
export async function findPatients(
  db: Queryable,
  terms: LookupTerms,
  limit: number,
): Promise<FoundPatient[]> {
  // Names are matched against ' ' + the words, hyphens read as spaces, so
  // '% ' || word || '%' is "a word begins with this".
  return db.query<FoundPatient>(
    `SELECT p.id, p.given_name, p.surname, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
            p.sex, p.primary_clinic_id
       FROM patients p
      WHERE NOT p._deleted AND NOT p.is_deleted
        AND (p.id = $1
             OR (cardinality($2::text[]) > 0 AND NOT EXISTS (
                   SELECT 1 FROM unnest($2::text[]) AS w(word)
                    WHERE ' ' || translate(lower(p.given_name || ' ' || p.surname), E'-\\t\\n', '   ')
                          NOT LIKE '% ' || lower(w.word) || '%'))
             OR ($3::text IS NOT NULL
                 AND regexp_replace(p.phone, '[^0-9]', '', 'g') LIKE '%' || $3::text || '%'))
      ORDER BY p.id = $1 DESC, lower(p.surname), lower(p.given_name), p.id
      LIMIT $4`,
    [terms.id, terms.words, terms.digits, limit],
  );
}

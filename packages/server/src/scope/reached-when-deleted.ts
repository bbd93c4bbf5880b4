/**
 * SQL: the user `user` had the patient `patient` in scope when it left
 * every scope at version `at` (its delete, or a record's under it): by a
 * clinic the patient was tied to then and the user belonged to then, or by
 * a follow open then. Spans ending at `at` still count: the delete is what
 * ended them.
 *
 * The one rule for deleted patients, asked by both sides so they agree: a
 * push may write under such a patient (delete wins: the record stays a
 * tombstone, its values go to the conflict log) exactly when a pull sends
 * the user that tombstone. A user's clinics now say nothing about it: one
 * who joined the patient's clinic after the delete never held its rows by
 * that clinic, and would never be told.
 *
 * @example
 * const sql = `p._deleted AND ${reachedWhenDeletedSql('p.id', 'p._version', '$2')}`;
 */
export function reachedWhenDeletedSql(patient: string, at: string, user: string): string {
  const covers = (s: string) =>
    `${s}.began < ${at} AND (${s}.ended IS NULL OR ${s}.ended >= ${at})`;
  return `(EXISTS (SELECT 1 FROM patient_clinics s
                     JOIN clinic_memberships m ON m.clinic_id = s.clinic_id AND m.user_id = ${user} AND ${covers('m')}
                    WHERE s.patient_id = ${patient} AND ${covers('s')})
           OR EXISTS (SELECT 1 FROM patient_follows f WHERE f.user_id = ${user} AND f.patient_id = ${patient} AND ${covers('f')}))`;
}

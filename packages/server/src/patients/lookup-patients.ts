import type { LookedUpPatient, PatientLookupQuery } from '@clinicsync/schema';
import { appendAccess } from '../admin/append-access.js';
import type { Database } from '../db/database.js';
import { clinicsOfPatients, patientsInScope } from '../scope/user-scope.js';
import type { UserScope } from '../scope/user-scope.js';
import { findPatients } from './find-patients.js';
import { lookupTerms } from './lookup-terms.js';

/**
 * Finds patients of the whole organisation for `scope`'s user, says which
 * are already in their scope, and writes the lookup to the access log
 * (with the clinics of the patients found) in the same transaction: no
 * answer leaves without its entry.
 *
 * @example
 * const patients = await lookupPatients(db, scope, { q: 'haddad', limit: 20 });
 */
export async function lookupPatients(
  db: Database,
  scope: UserScope,
  query: PatientLookupQuery,
): Promise<LookedUpPatient[]> {
  const terms = lookupTerms(query.q);
  return db.transaction(async (tx) => {
    const found = await findPatients(tx, terms, query.limit);
    const ids = found.map((p) => p.id);
    const inScope = await patientsInScope(tx, scope, ids);
    const clinics = await clinicsOfPatients(tx, ids);
    await appendAccess(tx, {
      userId: scope.userId,
      action: 'lookup',
      target: terms.id,
      clinicIds: [...clinics.values()].flat(),
    });
    return found.map((p) => ({ ...p, in_scope: inScope.has(p.id) }));
  });
}

import type { Queryable } from '../db/database.js';

/** What an access log entry records; exports and erasures come later. */
export type AccessAction =
  'lookup' | 'follow' | 'unfollow' | 'read_conflicts' | 'export' | 'erase' | 'restore';

export interface AccessEntry {
  readonly userId: string;
  readonly action: AccessAction;
  /** The query of a lookup, the patient id of a follow, what an export held. */
  readonly target: string;
  /** The clinics of the records reached: the admins of these clinics see the entry. */
  readonly clinicIds: Iterable<string>;
}

/**
 * Appends one entry to the access log (DESIGN.md, "Scope": reads of data
 * outside a user's scope are audited). Pass the transaction of the access
 * itself, so the entry commits exactly when the access does.
 *
 * @example
 * await appendAccess(tx, { userId, action: 'follow', target: patientId, clinicIds: ['clinic-a'] });
 */
export async function appendAccess(db: Queryable, entry: AccessEntry): Promise<void> {
  await db.query(
    'INSERT INTO access_log (user_id, action, target, clinic_ids) VALUES ($1, $2, $3, $4::text[])',
    [entry.userId, entry.action, entry.target, [...new Set(entry.clinicIds)].sort()],
  );
}

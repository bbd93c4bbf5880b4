import type { Database, Queryable } from '../db/database.js';
import { appendAccess } from '../admin/append-access.js';
import { writeServerRows } from '../admin/write-server-rows.js';
import { AppError } from '../errors.js';
import { blankPatientRecords } from './blank-patient-records.js';
import type { BlankedCounts } from './blank-patient-records.js';

export interface Erasure extends BlankedCounts {
  readonly patientId: string;
  /** Whether the patient was live (devices then drop it on their next pull). */
  readonly wasLive: boolean;
  readonly erasedAt: string;
}

/**
 * Erases a patient on request (a right-to-erasure or a record made in
 * error), on the authority of an administrator: the patient and everything
 * under it are deleted through the write path, so every device that holds
 * them drops them on its next pull, then every clinical value of theirs is
 * blanked on the server (rows, change history, conflict log). What stays:
 * tombstones (ids and links), the access log entry and the erasure record
 * saying who erased what and when. Erasing again blanks again (a device may
 * have pushed in between) and records nothing new.
 *
 * Errors: `not_found` when no patient has the id, `forbidden` when the
 * eraser is not an active administrator.
 *
 * @example
 * const erased = await erasePatient(db, patientId, adminUserId);
 */
export async function erasePatient(
  db: Database,
  patientId: string,
  erasedBy: string,
): Promise<Erasure> {
  return db.transaction(async (tx) => {
    const [eraser] = await tx.query<{ role: string; disabled: boolean }>(
      `SELECT u.role, coalesce(c.disabled, false) AS disabled
         FROM users u LEFT JOIN credentials c ON c.user_id = u.id
        WHERE u.id = $1 AND NOT u._deleted`,
      [erasedBy],
    );
    if (!eraser || eraser.disabled || !['admin', 'super_admin'].includes(eraser.role)) {
      throw new AppError('forbidden', 'Only an active administrator may erase a patient.', {
        user_id: erasedBy,
      });
    }
    const [patient] = await tx.query<{ deleted: boolean }>(
      'SELECT _deleted AS deleted FROM patients WHERE id = $1 FOR UPDATE',
      [patientId],
    );
    if (!patient) {
      throw new AppError('not_found', `No patient has the id ${patientId}.`, {
        patient_id: patientId,
      });
    }
    const clinicIds = await patientClinics(tx, patientId);
    if (!patient.deleted) {
      await writeServerRows(tx, [{ table: 'patients', deleted: [patientId] }], erasedBy);
    }
    const counts = await blankPatientRecords(tx, [patientId]);
    const [recorded] = await tx.query<{ erased_at: Date; inserted: boolean }>(
      `INSERT INTO patient_erasures (patient_id, erased_by, records, history_entries, conflicts)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (patient_id) DO UPDATE SET
         records = patient_erasures.records + excluded.records,
         history_entries = patient_erasures.history_entries + excluded.history_entries,
         conflicts = patient_erasures.conflicts + excluded.conflicts
       RETURNING erased_at, (xmax = 0) AS inserted`,
      [patientId, erasedBy, counts.records, counts.historyEntries, counts.conflicts],
    );
    if (recorded!.inserted) {
      await appendAccess(tx, { userId: erasedBy, action: 'erase', target: patientId, clinicIds });
    }
    return {
      patientId,
      wasLive: !patient.deleted,
      erasedAt: new Date(recorded!.erased_at).toISOString(),
      ...counts,
    };
  });
}

/** The clinics a patient was ever tied to: the administrators of these see the erasure. */
async function patientClinics(tx: Queryable, patientId: string): Promise<string[]> {
  const rows = await tx.query<{ clinic_id: string }>(
    'SELECT DISTINCT clinic_id FROM patient_clinics WHERE patient_id = $1',
    [patientId],
  );
  return rows.map((r) => r.clinic_id);
}

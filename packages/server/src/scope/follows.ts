import type { Queryable } from '../db/database.js';
import { takeNextVersion } from '../sync/version.js';

/** Whether the user follows the patient now; the open span is locked until commit. */
async function isFollowing(tx: Queryable, userId: string, patientId: string): Promise<boolean> {
  const open = await tx.query(
    'SELECT 1 FROM patient_follows WHERE user_id = $1 AND patient_id = $2 AND ended IS NULL FOR UPDATE',
    [userId, patientId],
  );
  return open.length > 0;
}

/**
 * Adds `patientId` to the user's scope from a new version on, so their next
 * pull sends the whole chart as `created`. Following twice changes nothing.
 * Run inside a transaction: the version is taken last, as every writer does,
 * so the change feed's watermark still holds.
 */
export async function followPatient(
  tx: Queryable,
  userId: string,
  patientId: string,
): Promise<void> {
  if (await isFollowing(tx, userId, patientId)) return;
  const version = await takeNextVersion(tx);
  await tx.query('INSERT INTO patient_follows (user_id, patient_id, began) VALUES ($1, $2, $3)', [
    userId,
    patientId,
    version,
  ]);
}

/**
 * Ends a follow: the chart leaves the user's devices one sync after their
 * next pull, unless the patient is in their scope otherwise.
 */
export async function unfollowPatient(
  tx: Queryable,
  userId: string,
  patientId: string,
): Promise<void> {
  if (!(await isFollowing(tx, userId, patientId))) return;
  const version = await takeNextVersion(tx);
  await tx.query(
    'UPDATE patient_follows SET ended = $3 WHERE user_id = $1 AND patient_id = $2 AND ended IS NULL',
    [userId, patientId, version],
  );
}

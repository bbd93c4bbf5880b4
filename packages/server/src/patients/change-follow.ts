import type { FollowAnswer } from '@clinicsync/schema';
import { appendAccess } from '../admin/append-access.js';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { followPatient, unfollowPatient } from '../scope/follows.js';
import { clinicsOfPatients } from '../scope/user-scope.js';
import type { UserScope } from '../scope/user-scope.js';

/**
 * Follows (`following: true`) or unfollows a patient for `scope`'s user, and
 * writes it to the access log, in one transaction: the chart arrives on the
 * user's next pull, or leaves one sync later unless in scope otherwise.
 * Doing it twice changes nothing more, but is logged twice.
 *
 * Errors: 404 when there is no such patient (for a follow: no live one).
 *
 * @example
 * await changeFollow(db, scope, patientId, true); // → { id: patientId, following: true }
 */
export async function changeFollow(
  db: Database,
  scope: UserScope,
  patientId: string,
  following: boolean,
): Promise<FollowAnswer> {
  return db.transaction(async (tx) => {
    const [patient] = await tx.query<{ deleted: boolean }>(
      'SELECT _deleted OR is_deleted AS deleted FROM patients WHERE id = $1',
      [patientId],
    );
    // Unfollowing a patient deleted since stays possible: it ends the follow.
    if (!patient || (following && patient.deleted)) {
      throw new AppError('not_found', `There is no patient ${patientId}.`);
    }
    const clinics = await clinicsOfPatients(tx, [patientId]);
    await appendAccess(tx, {
      userId: scope.userId,
      action: following ? 'follow' : 'unfollow',
      target: patientId,
      clinicIds: clinics.get(patientId) ?? [],
    });
    // Last: the follow takes a version, and versions commit right after they are taken.
    if (following) await followPatient(tx, scope.userId, patientId);
    else await unfollowPatient(tx, scope.userId, patientId);
    return { id: patientId, following };
  });
}

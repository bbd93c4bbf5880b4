import { permissionFlags } from '@clinicsync/schema';
import type { AdminUserDetail, Permissions } from '@clinicsync/schema';
import type { Database, Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import { clinicsRefusal, manageRefusal, requireReach } from './admin-reach.js';
import type { AdminReach } from './admin-reach.js';
import { permissionChanges } from './permission-changes.js';
import { reachTarget, readAdminUser } from './read-admin-users.js';
import { readUserForUpdate } from './update-user.js';
import { writeServerRows } from './write-server-rows.js';

/**
 * Locks the user and checks that `reach` may manage them and `clinicId`:
 * the same rule whether a membership is added, changed or removed.
 */
async function userInReach(
  tx: Queryable,
  userId: string,
  clinicId: string,
  reach: AdminReach,
): Promise<AdminUserDetail> {
  await readUserForUpdate(tx, userId);
  const user = await readAdminUser(tx, userId);
  requireReach(manageRefusal(reach, reachTarget(user)));
  requireReach(clinicsRefusal(reach, [clinicId]));
  return user;
}

/**
 * Adds the user to a clinic, or sets their flags there: `permissions` is
 * the whole row (flags left out are false). The permission row goes through
 * the write path, so the membership opens and devices pull it.
 *
 * Errors: 404 unknown user or clinic; 403 user or clinic beyond `reach`.
 *
 * @example
 * const user = await putMembership(db, userId, clinicId, { can_view_history: true }, reach);
 */
export async function putMembership(
  db: Database,
  userId: string,
  clinicId: string,
  permissions: Permissions,
  reach: AdminReach,
): Promise<AdminUserDetail> {
  return db.transaction(async (tx) => {
    await userInReach(tx, userId, clinicId, reach);
    const clinic = await tx.query('SELECT 1 FROM clinics WHERE id = $1 AND NOT _deleted', [
      clinicId,
    ]);
    if (clinic.length === 0) throw new AppError('not_found', `There is no clinic ${clinicId}.`);
    const whole = Object.fromEntries(permissionFlags.map((f) => [f, permissions[f] ?? false]));
    const change = await permissionChanges(tx, userId, clinicId, whole, reach.userId, Date.now());
    if (change) await writeServerRows(tx, [change], reach.userId);
    return readAdminUser(tx, userId);
  });
}

/**
 * Removes the user from a clinic that is not their home clinic: their
 * permission row there becomes a tombstone, the membership ends, and that
 * clinic's rows leave their devices on their next pulls.
 *
 * Errors: 404 unknown user, or the user is not in that clinic; 403 user or
 * clinic beyond `reach`; 409 the home clinic (move it first).
 *
 * @example
 * await removeMembership(db, userId, clinicId, reach);
 */
export async function removeMembership(
  db: Database,
  userId: string,
  clinicId: string,
  reach: AdminReach,
): Promise<void> {
  await db.transaction(async (tx) => {
    const user = await userInReach(tx, userId, clinicId, reach);
    if (user.clinic_id === clinicId) {
      throw new AppError(
        'conflict',
        `Clinic ${clinicId} is the home clinic of user ${userId}: move their home clinic first (PATCH clinic_id).`,
      );
    }
    const rows = await tx.query<{ id: string }>(
      'SELECT id FROM user_clinic_permissions WHERE user_id = $1 AND clinic_id = $2 AND NOT _deleted',
      [userId, clinicId],
    );
    if (rows.length === 0) {
      throw new AppError('not_found', `User ${userId} is not in clinic ${clinicId}.`);
    }
    await writeServerRows(
      tx,
      [{ table: 'user_clinic_permissions', deleted: rows.map((r) => r.id) }],
      reach.userId,
    );
  });
}

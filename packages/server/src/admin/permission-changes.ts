import { permissionFlags } from '@clinicsync/schema';
import type { AnyWireRow, Permissions } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import { permissionRow, permissionRowId } from './create-user.js';
import type { ServerRowChanges } from './write-server-rows.js';

type FlagRow = { id: string; _deleted: boolean } & Record<string, boolean>;

/**
 * The write that gives `userId` the flags `permissions` in `clinicId`:
 * a new permission row (flags left out are false) or a partial update of
 * the live one (flags left out keep their value); undefined when nothing
 * would change. A user has at most one live row per clinic; its id is
 * derived from the pair (`permissionRowId`), with a new generation when
 * earlier rows of the pair were deleted (a deleted row stays deleted).
 *
 * Errors: 409 when the clinic was deleted: a new row there would not take effect.
 */
export async function permissionChanges(
  tx: Queryable,
  userId: string,
  clinicId: string,
  permissions: Permissions,
  actingUserId: string,
  now: number,
): Promise<ServerRowChanges | undefined> {
  // Flag names come from the schema's constant list, never from the request.
  const rows = await tx.query<FlagRow>(
    `SELECT id, _deleted, ${permissionFlags.join(', ')} FROM user_clinic_permissions
      WHERE user_id = $1 AND clinic_id = $2`,
    [userId, clinicId],
  );
  const current = rows.find((r) => !r._deleted);
  if (!current) {
    const clinic = await tx.query('SELECT 1 FROM clinics WHERE id = $1 AND NOT _deleted', [
      clinicId,
    ]);
    if (clinic.length === 0) throw new AppError('conflict', `Clinic ${clinicId} was deleted.`);
    const row = permissionRow(userId, clinicId, permissions, actingUserId, now);
    let generation = 0;
    while (rows.some((r) => r.id === permissionRowId(userId, clinicId, generation))) generation++;
    return {
      table: 'user_clinic_permissions',
      created: [{ ...row, id: permissionRowId(userId, clinicId, generation) }],
    };
  }
  const updated: AnyWireRow = { id: current.id };
  for (const flag of permissionFlags) {
    const value = permissions[flag];
    if (value !== undefined && value !== current[flag]) updated[flag] = value;
  }
  if (Object.keys(updated).length === 1) return undefined;
  return {
    table: 'user_clinic_permissions',
    updated: [{ ...updated, last_modified_by: actingUserId, updated_at: now }],
  };
}

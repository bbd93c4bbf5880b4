import { permissionFlags } from '@clinicsync/schema';
import type { AnyWireRow, Permissions } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import { permissionRow } from './create-user.js';
import type { ServerRowChanges } from './write-server-rows.js';

type FlagRow = { _deleted: boolean } & Record<string, boolean>;

/**
 * The write that gives `userId` the flags `permissions` in `clinicId`:
 * a new permission row (flags left out are false) or a partial update of
 * the existing one (flags left out keep their value); undefined when
 * nothing would change. The row id is derived from the user and clinic
 * (`permissionRowId`), so a user has one row per clinic.
 *
 * Errors: 409 when the row is a tombstone (its clinic or user was deleted):
 * an edit of a deleted row would not take effect.
 */
export async function permissionChanges(
  tx: Queryable,
  userId: string,
  clinicId: string,
  permissions: Permissions,
  actingUserId: string,
  now: number,
): Promise<ServerRowChanges | undefined> {
  const created = permissionRow(userId, clinicId, permissions, actingUserId, now);
  // Flag names come from the schema's constant list, never from the request.
  const [current] = await tx.query<FlagRow>(
    `SELECT _deleted, ${permissionFlags.join(', ')} FROM user_clinic_permissions WHERE id = $1`,
    [created.id],
  );
  if (!current) return { table: 'user_clinic_permissions', created: [created] };
  if (current._deleted) {
    throw new AppError(
      'conflict',
      `The permissions of user ${userId} in clinic ${clinicId} were deleted.`,
    );
  }
  const updated: AnyWireRow = { id: created.id };
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

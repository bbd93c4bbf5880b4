import type { AdminUserAnswer, AnyWireRow, Permissions, Role } from '@clinicsync/schema';
import { requirePasswordPolicy } from '../auth/password-policy.js';
import { hashPassword } from '../auth/passwords.js';
import { revokeUserTokens } from '../auth/tokens.js';
import { hasAdministrator } from '../auth/users.js';
import type { Database, Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import { clinicsRefusal, grantRefusal, manageRefusal, requireReach } from './admin-reach.js';
import type { AdminReach } from './admin-reach.js';
import { permissionChanges } from './permission-changes.js';
import { reachTarget, readAdminUser } from './read-admin-users.js';
import { writeServerRows } from './write-server-rows.js';
import type { ServerRowChanges } from './write-server-rows.js';

export interface UserChanges {
  readonly name?: string | undefined;
  readonly role?: Role | undefined;
  readonly password?: string | undefined;
  /** '' only for a super administrator, who belongs to no clinic. */
  readonly clinicId?: string | undefined;
  /** Flags for the user's (new) clinic; flags left out keep their value. */
  readonly permissions?: Permissions | undefined;
  readonly disabled?: boolean | undefined;
}

/**
 * The live user, with their credentials row locked until the transaction
 * ends: administrative changes of one user run one at a time.
 *
 * Errors: 404 when there is no such user.
 */
export async function readUserForUpdate(tx: Queryable, userId: string): Promise<AdminUserAnswer> {
  const [user] = await tx.query<AdminUserAnswer>(
    `SELECT u.id, u.email, u.name, u.role, u.clinic_id, c.disabled
       FROM users u JOIN credentials c ON c.user_id = u.id
      WHERE u.id = $1 AND NOT u._deleted FOR UPDATE OF c`,
    [userId],
  );
  if (!user) throw new AppError('not_found', `There is no user ${userId}.`);
  return user;
}

async function requireClinic(tx: Queryable, clinicId: string): Promise<void> {
  const rows = await tx.query('SELECT 1 FROM clinics WHERE id = $1 AND NOT _deleted', [clinicId]);
  if (rows.length === 0) throw new AppError('bad_request', `There is no clinic ${clinicId}.`);
}

/**
 * Whether `reach` may make these changes: manage the user as they are now,
 * grant the role, and place them in the new home clinic. Read under the
 * credentials lock, so a concurrent change cannot slip a user out of reach
 * between the check and the write.
 */
async function requireChangeInReach(
  tx: Queryable,
  reach: AdminReach,
  current: AdminUserAnswer,
  changes: UserChanges,
): Promise<void> {
  requireReach(manageRefusal(reach, reachTarget(await readAdminUser(tx, current.id))));
  if (changes.role !== undefined) requireReach(grantRefusal(reach, changes.role));
  if (changes.clinicId !== undefined && changes.clinicId !== current.clinic_id) {
    requireReach(clinicsRefusal(reach, [changes.clinicId]));
  }
}

/**
 * Applies an administrator's changes to a user in one transaction. The
 * synced rows (`users`, `user_clinic_permissions`) go through the server
 * write path, so devices pull the change; secrets stay in `credentials`.
 * A new password or `disabled: true` revokes every token of the user at
 * once, and Basic auth stops working at once because it is checked against
 * the stored hash and flag on every request.
 *
 * Errors: 404 unknown user; 403 when the user, the role or the new home
 * clinic is beyond `reach` (nothing changes); 400 unknown clinic, or no
 * clinic for a non super_admin; 409 when the change would leave no enabled
 * administrator.
 *
 * @example
 * await updateUser(db, userId, { disabled: true }, reach);
 */
export async function updateUser(
  db: Database,
  userId: string,
  changes: UserChanges,
  reach: AdminReach,
): Promise<AdminUserAnswer> {
  const actingUserId = reach.userId;
  if (changes.password !== undefined) requirePasswordPolicy(changes.password);
  // argon2 is slow on purpose: hash before taking any lock.
  const passwordHash =
    changes.password === undefined ? undefined : await hashPassword(changes.password);
  return db.transaction(async (tx) => {
    const current = await readUserForUpdate(tx, userId);
    // The user's own email is known only now.
    if (changes.password !== undefined) {
      requirePasswordPolicy(changes.password, { email: current.email });
    }
    await requireChangeInReach(tx, reach, current, changes);
    const next: AdminUserAnswer = {
      ...current,
      name: changes.name ?? current.name,
      role: changes.role ?? current.role,
      clinic_id: changes.clinicId ?? current.clinic_id,
      disabled: changes.disabled ?? current.disabled,
    };
    if (next.clinic_id === '' && next.role !== 'super_admin') {
      throw new AppError('bad_request', 'Only a super_admin may belong to no clinic.');
    }
    if (next.clinic_id !== current.clinic_id && next.clinic_id !== '') {
      await requireClinic(tx, next.clinic_id);
    }

    const now = Date.now();
    const rows: ServerRowChanges[] = [];
    // Only columns that really change are written, so devices pull no empty updates.
    const userRow: AnyWireRow = { id: userId };
    for (const column of ['name', 'role', 'clinic_id'] as const) {
      if (next[column] !== current[column]) userRow[column] = next[column];
    }
    if (Object.keys(userRow).length > 1) {
      rows.push({ table: 'users', updated: [{ ...userRow, updated_at: now }] });
    }
    if (changes.permissions) {
      if (next.clinic_id === '') throw new AppError('bad_request', 'Permissions need a clinic_id.');
      const permissionRows = await permissionChanges(
        tx,
        userId,
        next.clinic_id,
        changes.permissions,
        actingUserId,
        now,
      );
      if (permissionRows) rows.push(permissionRows);
    }
    if (rows.length > 0) await writeServerRows(tx, rows, actingUserId);

    if (passwordHash !== undefined) {
      await tx.query(
        'UPDATE credentials SET password_hash = $2, changed_at = now() WHERE user_id = $1',
        [userId, passwordHash],
      );
    }
    if (next.disabled !== current.disabled) {
      await tx.query('UPDATE credentials SET disabled = $2 WHERE user_id = $1', [
        userId,
        next.disabled,
      ]);
    }
    if (passwordHash !== undefined || next.disabled) await revokeUserTokens(tx, userId);
    if (
      (next.role !== current.role || next.disabled !== current.disabled) &&
      !(await hasAdministrator(tx))
    ) {
      throw new AppError('conflict', 'This change would leave no enabled administrator.');
    }
    return next;
  });
}

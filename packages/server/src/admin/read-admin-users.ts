import { permissionFlags } from '@clinicsync/schema';
import type { AdminUserDetail, ClinicFlags, Role, UserClinic } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import type { ReachTarget } from './admin-reach.js';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  clinic_id: string;
  disabled: boolean;
}

type PermissionRow = { user_id: string; clinic_id: string } & ClinicFlags;

const noFlags = Object.fromEntries(permissionFlags.map((f) => [f, false])) as ClinicFlags;

function flagsOf(row: PermissionRow | undefined): ClinicFlags {
  if (!row) return noFlags;
  return Object.fromEntries(permissionFlags.map((f) => [f, row[f]])) as ClinicFlags;
}

/** A user's clinics: the home clinic first (flags false without a row), then the others by id. */
function clinicsOf(user: UserRow, rows: readonly PermissionRow[]): UserClinic[] {
  const byClinic = new Map(rows.map((r) => [r.clinic_id, r]));
  const ids = [...byClinic.keys()].filter((id) => id !== user.clinic_id).sort();
  if (user.clinic_id !== '') ids.unshift(user.clinic_id);
  return ids.map((id) => ({ clinic_id: id, permissions: flagsOf(byClinic.get(id)) }));
}

/**
 * The live users of `userIds` as administrators read them, each with every
 * clinic they belong to and all their flags there, in the order of
 * `userIds`; unknown and deleted users are left out. Never a secret.
 *
 * @example
 * const [user] = await readAdminUsers(db, [id]);
 */
export async function readAdminUsers(
  db: Queryable,
  userIds: readonly string[],
): Promise<AdminUserDetail[]> {
  if (userIds.length === 0) return [];
  const users = await db.query<UserRow>(
    `SELECT u.id, u.email, u.name, u.role, u.clinic_id, coalesce(c.disabled, false) AS disabled
       FROM users u LEFT JOIN credentials c ON c.user_id = u.id
      WHERE u.id = ANY($1::text[]) AND NOT u._deleted`,
    [userIds],
  );
  // Flag names come from the schema's constant list, never from the request.
  const permissions = await db.query<PermissionRow>(
    `SELECT user_id, clinic_id, ${permissionFlags.join(', ')} FROM user_clinic_permissions
      WHERE user_id = ANY($1::text[]) AND NOT _deleted`,
    [userIds],
  );
  const byId = new Map(users.map((u) => [u.id, u]));
  const rowsOf = new Map<string, PermissionRow[]>();
  for (const row of permissions) rowsOf.set(row.user_id, [...(rowsOf.get(row.user_id) ?? []), row]);
  return userIds.flatMap((id) => {
    const user = byId.get(id);
    return user ? [{ ...user, clinics: clinicsOf(user, rowsOf.get(id) ?? []) }] : [];
  });
}

/**
 * One live user as administrators read them.
 *
 * Errors: 404 when there is no such user.
 */
export async function readAdminUser(db: Queryable, userId: string): Promise<AdminUserDetail> {
  const [user] = await readAdminUsers(db, [userId]);
  if (!user) throw new AppError('not_found', `There is no user ${userId}.`);
  return user;
}

/** The user as the reach rules see them. */
export function reachTarget(user: AdminUserDetail): ReachTarget {
  return { id: user.id, role: user.role, clinics: user.clinics.map((c) => c.clinic_id) };
}

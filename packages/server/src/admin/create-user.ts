import { createHash, randomUUID } from 'node:crypto';
import { permissionFlags } from '@clinicsync/schema';
import type { AnyWireRow, Permissions, Role } from '@clinicsync/schema';
import { hashPassword } from '../auth/passwords.js';
import { requirePasswordPolicy } from '../auth/password-policy.js';
import type { AuthUser } from '../auth/users.js';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { writeServerRows } from './write-server-rows.js';

export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  readonly role: Role;
  /** '' for a super administrator who belongs to no clinic. */
  readonly clinicId: string;
  readonly permissions?: Permissions | undefined;
}

/**
 * The id of a user's permission row in a clinic, derived from the pair. A
 * user removed from a clinic and added again gets a new row (`generation`
 * counts the earlier ones), since a deleted row stays deleted.
 */
export function permissionRowId(userId: string, clinicId: string, generation = 0): string {
  const pair = `${userId}\u0000${clinicId}${generation === 0 ? '' : `\u0000${generation}`}`;
  return `perm-${createHash('sha256').update(pair).digest('hex').slice(0, 40)}`;
}

/** The permission row for a user in a clinic, as a wire row. */
export function permissionRow(
  userId: string,
  clinicId: string,
  permissions: Permissions,
  actingUserId: string | null,
  now: number,
): AnyWireRow {
  const row: AnyWireRow = {
    id: permissionRowId(userId, clinicId),
    user_id: userId,
    clinic_id: clinicId,
    created_by: actingUserId,
    last_modified_by: actingUserId,
    created_at: now,
    updated_at: now,
  };
  for (const flag of permissionFlags) row[flag] = permissions[flag] ?? false;
  return row;
}

/**
 * Creates a user with an argon2id password hash and, when given, its
 * permissions in its clinic. The user row is a synced row (devices pull it,
 * without any secret); the hash lives in `credentials`.
 */
export async function createUser(
  db: Database,
  input: NewUser,
  actingUserId: string | null,
): Promise<AuthUser> {
  requirePasswordPolicy(input.password, { email: input.email });
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  const now = Date.now();
  await db.transaction(async (tx) => {
    const taken = await tx.query(
      'SELECT 1 FROM users WHERE lower(email) = lower($1) AND NOT _deleted',
      [input.email],
    );
    if (taken.length > 0)
      throw new AppError('email_taken', `A user with the email ${input.email} exists.`);
    if (input.clinicId !== '') {
      const clinic = await tx.query('SELECT 1 FROM clinics WHERE id = $1 AND NOT _deleted', [
        input.clinicId,
      ]);
      if (clinic.length === 0)
        throw new AppError('bad_request', `There is no clinic ${input.clinicId}.`);
    }
    const user: AnyWireRow = {
      id,
      clinic_id: input.clinicId,
      name: input.name,
      role: input.role,
      email: input.email,
      created_at: now,
      updated_at: now,
      is_deleted: false,
      deleted_at: null,
    };
    await writeServerRows(
      tx,
      [
        { table: 'users', created: [user] },
        ...(input.permissions && input.clinicId !== ''
          ? [
              {
                table: 'user_clinic_permissions' as const,
                created: [permissionRow(id, input.clinicId, input.permissions, actingUserId, now)],
              },
            ]
          : []),
      ],
      actingUserId,
    );
    // The credentials row references users, so it comes after the user row.
    await tx.query('INSERT INTO credentials (user_id, password_hash) VALUES ($1, $2)', [
      id,
      passwordHash,
    ]);
  });
  return { id, email: input.email, name: input.name, role: input.role, clinicId: input.clinicId };
}

/** A new clinic's wire row. */
export function clinicRow(id: string, name: string, now: number): AnyWireRow {
  return {
    id,
    name,
    created_at: now,
    updated_at: now,
    is_deleted: false,
    deleted_at: null,
    is_archived: false,
  };
}

/** Creates a clinic (a synced, server-managed row) and returns its wire row. */
export async function createClinic(
  db: Database,
  name: string,
  actingUserId: string | null,
): Promise<AnyWireRow> {
  const clinic = clinicRow(randomUUID(), name, Date.now());
  await db.transaction((tx) =>
    writeServerRows(tx, [{ table: 'clinics', created: [clinic] }], actingUserId),
  );
  return clinic;
}

import type { Role, UserAnswer } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';

/** A signed-in user, as routes see it. Never carries a secret. */
export interface AuthUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly clinicId: string;
}

export interface UserWithSecret extends AuthUser {
  readonly passwordHash: string;
  readonly disabled: boolean;
}

const userColumns = `u.id, u.email, u.name, u.role, u.clinic_id, c.password_hash, c.disabled`;

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  clinic_id: string;
  password_hash: string;
  disabled: boolean;
}

function fromRow(row: UserRow): UserWithSecret {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    clinicId: row.clinic_id,
    passwordHash: row.password_hash,
    disabled: row.disabled,
  };
}

/** Strips the secret fields: what may leave the server. */
export function publicUser(user: AuthUser): AuthUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    clinicId: user.clinicId,
  };
}

/** A user as answers show it (PROTOCOL.md's `{id, email, name, role, clinic_id}`). */
export function toUserAnswer(user: AuthUser): UserAnswer {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    clinic_id: user.clinicId,
  };
}

/** The live user with this email (case-insensitive), with its password hash. */
export async function findUserByEmail(
  db: Queryable,
  email: string,
): Promise<UserWithSecret | undefined> {
  const [row] = await db.query<UserRow>(
    `SELECT ${userColumns} FROM users u JOIN credentials c ON c.user_id = u.id
      WHERE lower(u.email) = lower($1) AND NOT u._deleted`,
    [email],
  );
  return row ? fromRow(row) : undefined;
}

/** The live user holding an unexpired, unrevoked token with this hash. */
export async function findUserByTokenHash(
  db: Queryable,
  tokenHash: string,
): Promise<UserWithSecret | undefined> {
  const [row] = await db.query<UserRow>(
    `SELECT ${userColumns} FROM auth_tokens t
       JOIN users u ON u.id = t.user_id JOIN credentials c ON c.user_id = u.id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND NOT u._deleted`,
    [tokenHash],
  );
  return row ? fromRow(row) : undefined;
}

/** Whether any administrator exists (a first start creates one when none does). */
export async function hasAdministrator(db: Queryable): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM users u JOIN credentials c ON c.user_id = u.id
      WHERE u.role IN ('super_admin', 'admin') AND NOT u._deleted AND NOT c.disabled LIMIT 1`,
  );
  return rows.length > 0;
}

import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.js';

/** Tokens are 256 random bits; only their SHA-256 is stored, so a database leak reveals none. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Makes a token for `userId`, valid for `ttlMs`, and returns it with its expiry. */
export async function issueToken(
  db: Queryable,
  userId: string,
  ttlMs: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlMs);
  await db.query('INSERT INTO auth_tokens (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
    hashToken(token),
    userId,
    expiresAt.toISOString(),
  ]);
  return { token, expiresAt };
}

/** Revokes one token at once. */
export async function revokeToken(db: Queryable, token: string): Promise<void> {
  await db.query(
    'UPDATE auth_tokens SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL',
    [hashToken(token)],
  );
}

/** Revokes every token of a user (disabled, or password changed). */
export async function revokeUserTokens(db: Queryable, userId: string): Promise<void> {
  await db.query(
    'UPDATE auth_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
    [userId],
  );
}

import { requirePasswordPolicy } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { revokeUserTokens } from './tokens.js';
import { findUserByEmail, publicUser } from './users.js';
import type { AuthUser } from './users.js';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';

/**
 * Sets a new password (argon2id) for the user with `email` and revokes all
 * of that user's tokens, so every signed-in device must sign in again.
 * A running server may still accept the old password over Basic auth for
 * the few seconds it caches a verified password.
 *
 * @example
 * const user = await resetPassword(db, 'nurse@clinic.org', 'a new passphrase');
 * if (user.disabled) console.log('still cannot sign in: the account is disabled');
 * @returns the user (without secrets) and whether the account is disabled.
 * @throws AppError `bad_request` for a password the policy refuses,
 * `not_found` when no live user has this email.
 */
export async function resetPassword(
  db: Database,
  email: string,
  password: string,
): Promise<AuthUser & { readonly disabled: boolean }> {
  requirePasswordPolicy(password, { email });
  const user = await findUserByEmail(db, email);
  if (!user) throw new AppError('not_found', `There is no user with the email ${email}.`);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.query(
      'UPDATE credentials SET password_hash = $1, changed_at = now() WHERE user_id = $2',
      [passwordHash, user.id],
    );
    await revokeUserTokens(tx, user.id);
  });
  return { ...publicUser(user), disabled: user.disabled };
}

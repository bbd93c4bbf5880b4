import { matchesPasswordCheck } from '../../../lib/password-check.js';
import type { LockReason, Session } from '../../../lib/session.js';

/**
 * Whether `email` and `password` open an idle lock of `session` on this
 * device alone (no network needed). Only the idle lock opens so: an expired
 * or refused sign-in needs the server.
 */
export async function unlocksLocally(
  session: Session,
  reason: LockReason,
  email: string,
  password: string,
): Promise<boolean> {
  if (reason !== 'idle' || !session.passwordCheck) return false;
  if (email.trim().toLowerCase() !== session.user.email.toLowerCase()) return false;
  return matchesPasswordCheck(session.passwordCheck, password);
}

import { signIn } from '@clinicsync/client';
import { makePasswordCheck } from '../../../lib/password-check.js';
import type { Session } from '../../../lib/session.js';

/**
 * Signs in against this page's own server. The session keeps the token and
 * user (not the password: a slow salted hash of it unlocks an idle lock
 * offline); the caller decides when to remember it.
 */
export async function signInUser(email: string, password: string): Promise<Session> {
  const serverUrl = window.location.origin;
  const result = await signIn(serverUrl, email.trim(), password);
  return {
    serverUrl,
    token: result.token,
    expiresAt: result.expires_at,
    user: result.user,
    passwordCheck: await makePasswordCheck(password),
  };
}

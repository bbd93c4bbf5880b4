import { signIn } from '@clinicsync/client';
import { saveSession } from '../../../lib/session.js';
import type { Session } from '../../../lib/session.js';

/**
 * Signs in against this page's own server and remembers the token and user
 * (not the password) so the app opens signed in, offline too.
 */
export async function signInUser(email: string, password: string): Promise<Session> {
  const serverUrl = window.location.origin;
  const result = await signIn(serverUrl, email.trim(), password);
  const session: Session = {
    serverUrl,
    token: result.token,
    expiresAt: result.expires_at,
    user: result.user,
  };
  saveSession(session);
  return session;
}

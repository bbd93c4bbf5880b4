import { isClinicSyncError, signOut } from '@clinicsync/client';
import type { Session } from '../../../lib/session.js';

/**
 * Tells the server to stop accepting the session's token. `revoked`: done
 * (or the server refused the token already); `unreachable`: the server
 * could not be told, so the token works until it expires (say so).
 */
export async function revokeSession(session: Session): Promise<'revoked' | 'unreachable'> {
  try {
    await signOut(session.serverUrl, session.token, { timeoutMs: 10_000 });
    return 'revoked';
  } catch (error) {
    if (isClinicSyncError(error)) return 'unreachable';
    throw error;
  }
}

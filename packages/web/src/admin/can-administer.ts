import type { Session } from '../lib/session.js';

/** Whether the signed-in user may use the console; the server checks every call again. */
export function canAdminister(session: Session): boolean {
  return session.user.role === 'admin' || session.user.role === 'super_admin';
}

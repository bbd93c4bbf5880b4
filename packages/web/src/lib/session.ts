import type { SignedInUser } from '@clinicsync/client';

/** A remembered sign-in: the token and who it is for, never the password. */
export interface Session {
  readonly serverUrl: string;
  readonly token: string;
  readonly expiresAt: string;
  readonly user: SignedInUser;
}

const key = 'clinicsync.session';

/** The remembered sign-in, or null; works offline. */
export function loadSession(): Session | null {
  try {
    const text = localStorage.getItem(key);
    if (text === null) return null;
    const session = JSON.parse(text) as Partial<Session>;
    if (typeof session.token !== 'string' || typeof session.user?.id !== 'string') return null;
    return session as Session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  localStorage.setItem(key, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(key);
}

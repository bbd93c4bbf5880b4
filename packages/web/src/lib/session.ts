import type { SignedInUser } from '@clinicsync/client';
import type { PasswordCheck } from './password-check.js';

/** A remembered sign-in: the token and who it is for, never the password. */
export interface Session {
  readonly serverUrl: string;
  readonly token: string;
  readonly expiresAt: string;
  readonly user: SignedInUser;
  /** What unlocks an idle lock without the network (a slow salted hash of the password). */
  readonly passwordCheck?: PasswordCheck;
}

/**
 * Why the local data is hidden behind sign-in: no use for the idle time
 * (`idle`), the sign-in's `expires_at` passed (`expired`), or the server
 * refused the token (`refused`: signed out elsewhere, password reset,
 * account disabled).
 */
export type LockReason = 'idle' | 'expired' | 'refused';

const sessionKey = 'clinicsync.session';
const lockKey = 'clinicsync.lock';
const changeEvent = 'clinicsync-session-change';

/** The remembered sign-in, or null; works offline. */
export function loadSession(): Session | null {
  try {
    const text = localStorage.getItem(sessionKey);
    if (text === null) return null;
    const session = JSON.parse(text) as Partial<Session>;
    if (typeof session.token !== 'string' || typeof session.user?.id !== 'string') return null;
    return session as Session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  localStorage.setItem(sessionKey, JSON.stringify(session));
  localStorage.removeItem(lockKey);
  announce();
}

export function clearSession(): void {
  localStorage.removeItem(sessionKey);
  localStorage.removeItem(lockKey);
  announce();
}

/** Why the remembered session is locked, or null when it is open. */
export function loadLock(): LockReason | null {
  const reason = localStorage.getItem(lockKey);
  return reason === 'idle' || reason === 'expired' || reason === 'refused' ? reason : null;
}

/** Locks the session in every tab; the first reason stays (a later one never softens it). */
export function lockSession(reason: LockReason): void {
  if (loadLock() !== null) return;
  localStorage.setItem(lockKey, reason);
  announce();
}

/** Unlocks the remembered session (the same user signed in again). */
export function unlockSession(): void {
  localStorage.removeItem(lockKey);
  announce();
}

/** Whether the sign-in is past its `expires_at`. */
export function isExpired(session: Session, now = Date.now()): boolean {
  const at = Date.parse(session.expiresAt);
  return Number.isFinite(at) && at <= now;
}

/**
 * Calls `listener` whenever the session or its lock changes, in this tab or
 * another (other tabs through the `storage` event). Returns the unsubscribe.
 */
export function onSessionChange(listener: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key === sessionKey || event.key === lockKey) listener();
  };
  window.addEventListener('storage', onStorage);
  window.addEventListener(changeEvent, listener);
  return () => {
    window.removeEventListener('storage', onStorage);
    window.removeEventListener(changeEvent, listener);
  };
}

function announce(): void {
  window.dispatchEvent(new Event(changeEvent));
}

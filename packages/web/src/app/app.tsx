import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminConsole } from '../admin/admin-console.js';
import { isAdminPath } from '../admin/admin-route.js';
import { revokeSession } from '../features/auth/api/revoke-session.js';
import { SignInScreen } from '../features/auth/components/sign-in-screen.js';
import { formatDateTime } from '../i18n/format.js';
import { useLanguage } from '../i18n/use-language.js';
import { wipeDevice } from '../lib/device.js';
import { loadIdleLockMs, recordActivity, saveIdleLockMs, watchIdle } from '../lib/idle-lock.js';
import {
  clearSession,
  isExpired,
  loadLock,
  loadSession,
  lockSession,
  onSessionChange,
  saveSession,
  unlockSession,
} from '../lib/session.js';
import type { LockReason, Session } from '../lib/session.js';
import { HandOverScreen } from './hand-over-screen.js';
import { SignedInApp } from './signed-in-app.js';

/** How the last sign-out went; put in words when shown, so it follows a change of language. */
type SignOutNotice =
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'server-not-told'; readonly validUntil: number }
  | { readonly kind: 'failed'; readonly reason: string };

interface Stored {
  readonly session: Session | null;
  readonly lock: LockReason | null;
}

function readStored(): Stored {
  const session = loadSession();
  return { session, lock: session ? loadLock() : null };
}

// setTimeout takes at most about 24.8 days; a sign-in lasts 30 by default.
const longestWaitMs = 60 * 60_000;

/**
 * Signed in and open; locked (idle, expired, refused by the server: the
 * records stay, hidden behind sign-in); or signed out. Every tab follows
 * the same remembered session: a lock or sign-out in one is in all.
 */
export function App() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [stored, setStored] = useState<Stored>(readStored);
  const [handOver, setHandOver] = useState<{ previous: Session; next: Session } | null>(null);
  const [signingOut, setSigningOut] = useState(false);
  const [notice, setNotice] = useState<SignOutNotice | null>(null);
  const [idleLockMs, setIdleLockMs] = useState(loadIdleLockMs);
  const { session, lock } = stored;
  const open = session !== null && lock === null;

  useEffect(() => onSessionChange(() => setStored(readStored())), []);

  // The sign-in's own end: checked now and again when due.
  useEffect(() => {
    if (!open) return;
    let timer: number | undefined;
    const check = () => {
      if (isExpired(session)) {
        lockSession('expired');
        return;
      }
      const left = Date.parse(session.expiresAt) - Date.now();
      timer = window.setTimeout(check, Math.min(left, longestWaitMs));
    };
    check();
    return () => window.clearTimeout(timer);
  }, [open, session]);

  useEffect(() => {
    if (!open) return;
    return watchIdle(() => lockSession('idle'));
  }, [open, idleLockMs]);

  const onSignedIn = (next: Session) => {
    recordActivity();
    setNotice(null);
    if (session && session.user.id !== next.user.id) {
      setHandOver({ previous: session, next });
      return;
    }
    // The same user again: an idle lock's token still works and is not needed any more
    // (an expired or refused one is dead already; sending it would count as a failed sign-in).
    if (session && lock === 'idle' && session.token !== next.token) void revokeSession(session);
    saveSession(next);
  };

  const finishHandOver = useCallback(() => {
    if (handOver) saveSession(handOver.next);
    setHandOver(null);
  }, [handOver]);

  const signOut = async (leaving: Session) => {
    setSigningOut(true);
    try {
      const revoked = await revokeSession(leaving);
      clearSession();
      await wipeDevice(leaving);
      setNotice(
        revoked === 'revoked'
          ? { kind: 'signed-out' }
          : { kind: 'server-not-told', validUntil: Date.parse(leaving.expiresAt) },
      );
    } catch (error) {
      setNotice({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) });
    } finally {
      setSigningOut(false);
    }
  };

  if (signingOut) return <p role="status">{t('app.signingOut')}</p>;
  if (handOver) {
    return (
      <HandOverScreen
        previous={handOver.previous}
        previousLock={lock}
        next={handOver.next}
        onDone={finishHandOver}
        onCancel={() => setHandOver(null)}
      />
    );
  }
  if (!session) {
    const noticeText =
      notice?.kind === 'signed-out'
        ? t('app.signedOut')
        : notice?.kind === 'server-not-told'
          ? t('app.signedOutUntold', { until: formatDateTime(notice.validUntil, language) })
          : notice?.kind === 'failed'
            ? t('app.signOutFailed', { reason: notice.reason })
            : null;
    return <SignInScreen notice={noticeText} onSignedIn={onSignedIn} />;
  }
  if (lock) {
    return (
      <SignInScreen
        key={`${session.user.id}-${lock}`}
        locked={{ session, reason: lock }}
        onSignedIn={onSignedIn}
        onUnlocked={() => {
          recordActivity();
          unlockSession();
        }}
      />
    );
  }
  // The console is online only and opens no local database.
  if (isAdminPath()) return <AdminConsole session={session} />;
  return (
    <SignedInApp
      key={session.user.id}
      session={session}
      onSignOut={() => void signOut(session)}
      onSignInRefused={() => lockSession('refused')}
      settings={{
        idleLockMs,
        onIdleLockChange: (ms) => {
          saveIdleLockMs(ms);
          setIdleLockMs(ms);
        },
      }}
    />
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isClinicSyncError } from '@clinicsync/client';
import { revokeSession } from '../features/auth/api/revoke-session.js';
import { PendingChangesChoice } from '../features/auth/components/pending-changes-choice.js';
import { countPending } from '../features/sync/api/count-pending.js';
import { openDevice, wipeDevice } from '../lib/device.js';
import type { LockReason, Session } from '../lib/session.js';

async function pendingOf(session: Session): Promise<number> {
  const device = await openDevice(session);
  try {
    return await countPending(device.store);
  } finally {
    await device.store.close();
  }
}

/** Sends the previous user's changes with their (still valid) token; how many are left. */
async function sendPending(session: Session): Promise<number> {
  const device = await openDevice(session);
  try {
    await device.engine.sync();
    return await countPending(device.store);
  } finally {
    await device.store.close();
  }
}

/**
 * Another user signed in over a locked session: the first user's records
 * leave the device before the new user's arrive, so the new user never sees
 * them. Their changes not yet on the server are never deleted unasked: this
 * says how many, offers to send them (with the first user's sign-in, when
 * only the idle lock stopped it), and waits for a choice; Cancel leaves
 * everything as it was for the first user to sign in.
 */
export function HandOverScreen({
  previous,
  previousLock,
  next,
  onDone,
  onCancel,
}: {
  readonly previous: Session;
  readonly previousLock: LockReason | null;
  readonly next: Session;
  /** The previous user's records are gone; `next` may be remembered and opened. */
  readonly onDone: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [online, setOnline] = useState(() => navigator.onLine);

  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);

  useEffect(() => {
    let active = true;
    const check = async () => {
      const count = await pendingOf(previous);
      if (count === 0) {
        await wipeDevice(previous);
        if (active) onDone();
        return;
      }
      if (active) setPending(count);
    };
    check().catch((e: unknown) => {
      if (active) setError(e instanceof Error ? e.message : String(e));
    });
    return () => {
      active = false;
    };
  }, [previous, onDone]);

  const cancel = () => {
    void revokeSession(next);
    onCancel();
  };

  if (pending === null) {
    return (
      <main className="sign-in">
        {error ? (
          <p role="alert">
            {t('handOver.checkFailed', { name: previous.user.name, reason: error })}
          </p>
        ) : (
          <p role="status">{t('handOver.checking', { name: previous.user.name })}</p>
        )}
        {error ? (
          <button type="button" className="secondary" onClick={cancel}>
            {t('common.back')}
          </button>
        ) : null}
      </main>
    );
  }

  const send = async () => {
    try {
      const left = await sendPending(previous);
      if (left === 0) {
        await wipeDevice(previous);
        onDone();
        return;
      }
      setPending(left);
      setError(t('handOver.notSent', { count: left }));
    } catch (e) {
      setError(
        isClinicSyncError(e) && e.code === 'unauthorized'
          ? t('handOver.signInRefused', { name: previous.user.name })
          : e instanceof Error
            ? e.message
            : String(e),
      );
    }
  };

  return (
    <main className="sign-in">
      <p>{t('handOver.intro', { next: next.user.name, previous: previous.user.name })}</p>
      <PendingChangesChoice
        count={pending}
        owner={previous.user.name}
        deleteLabel={t('handOver.deleteAndContinue', { name: next.user.name })}
        {...(previousLock === 'idle' ? { onSync: send } : {})}
        syncUnavailable={online ? null : t('common.sendNeedsConnection')}
        error={
          error ??
          (previousLock === 'idle'
            ? null
            : t('handOver.onlyOwnerSends', { name: previous.user.name }))
        }
        onDelete={async () => {
          await wipeDevice(previous);
          onDone();
        }}
        onCancel={cancel}
      />
    </main>
  );
}

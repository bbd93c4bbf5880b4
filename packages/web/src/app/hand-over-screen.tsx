import { useEffect, useState } from 'react';
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
            The records of {previous.user.name} could not be checked: {error}
          </p>
        ) : (
          <p role="status">Checking the records of {previous.user.name} on this device…</p>
        )}
        {error ? (
          <button type="button" className="secondary" onClick={cancel}>
            Back
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
      setError(`${left} could not be sent (the server refused them).`);
    } catch (e) {
      setError(
        isClinicSyncError(e) && e.code === 'unauthorized'
          ? `The server no longer accepts ${previous.user.name}'s sign-in: they must sign in to send them.`
          : e instanceof Error
            ? e.message
            : String(e),
      );
    }
  };

  return (
    <main className="sign-in">
      <p>
        You signed in as {next.user.name}. This device still holds the records of{' '}
        {previous.user.name}; they are removed from it before yours arrive.
      </p>
      <PendingChangesChoice
        count={pending}
        owner={`by ${previous.user.name}`}
        deleteLabel={`Delete them and continue as ${next.user.name}`}
        {...(previousLock === 'idle' ? { onSync: send } : {})}
        syncUnavailable={online ? null : 'Sending them needs a connection.'}
        error={
          error ??
          (previousLock === 'idle'
            ? null
            : `Only ${previous.user.name} can send them, by signing in again (Cancel).`)
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

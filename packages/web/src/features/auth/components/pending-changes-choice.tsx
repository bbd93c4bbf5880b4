import { useState } from 'react';

/**
 * Changes that have not reached the server and would be deleted: says how
 * many and whose, and waits for a choice. Nothing is deleted without the
 * explicit "Delete" button.
 */
export function PendingChangesChoice({
  count,
  owner,
  deleteLabel,
  onSync,
  syncUnavailable,
  error,
  onDelete,
  onCancel,
}: {
  readonly count: number;
  /** Whose changes, in words ("on this device", "by Dr. Amina Haddad"). */
  readonly owner: string;
  readonly deleteLabel: string;
  /** Sends them first; absent when they cannot be sent from here. */
  readonly onSync?: () => Promise<void>;
  /** Why "Send them first" is not offered now (offline), or null. */
  readonly syncUnavailable: string | null;
  /** What went wrong the last time, or null. */
  readonly error: string | null;
  readonly onDelete: () => Promise<void>;
  readonly onCancel: () => void;
}) {
  const [busy, setBusy] = useState<'sync' | 'delete' | null>(null);
  const run = async (kind: 'sync' | 'delete', action: () => Promise<void>) => {
    setBusy(kind);
    try {
      await action();
    } finally {
      setBusy(null);
    }
  };
  const changes = count === 1 ? '1 change' : `${count} changes`;
  return (
    <section role="alertdialog" aria-labelledby="pending-title" className="pending-choice">
      <h2 id="pending-title">
        {changes} {owner} {count === 1 ? 'has' : 'have'} not reached the server
      </h2>
      <p>They exist only on this device. Send them to the server first, or delete them for good.</p>
      {error ? (
        <p role="alert" className="sync-error">
          {error}
        </p>
      ) : null}
      <div className="actions">
        {onSync ? (
          <button
            type="button"
            disabled={busy !== null || syncUnavailable !== null}
            onClick={() => void run('sync', onSync)}
          >
            {busy === 'sync' ? 'Sending…' : 'Send them first'}
          </button>
        ) : null}
        <button
          type="button"
          className="danger"
          disabled={busy !== null}
          onClick={() => void run('delete', onDelete)}
        >
          {deleteLabel}
        </button>
        <button type="button" className="secondary" disabled={busy !== null} onClick={onCancel}>
          Cancel
        </button>
      </div>
      {onSync && syncUnavailable ? <p className="muted">{syncUnavailable}</p> : null}
    </section>
  );
}

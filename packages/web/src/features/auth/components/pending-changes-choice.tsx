import { useState } from 'react';
import { useTranslation } from 'react-i18next';

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
  /** Whose changes, when they are another user's ("Dr. Amina Haddad"); else this device's. */
  readonly owner?: string;
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
  const { t } = useTranslation();
  const [busy, setBusy] = useState<'sync' | 'delete' | null>(null);
  const run = async (kind: 'sync' | 'delete', action: () => Promise<void>) => {
    setBusy(kind);
    try {
      await action();
    } finally {
      setBusy(null);
    }
  };
  return (
    <section role="alertdialog" aria-labelledby="pending-title" className="pending-choice">
      <h2 id="pending-title">
        {owner === undefined
          ? t('pending.titleHere', { count })
          : t('pending.titleBy', { count, name: owner })}
      </h2>
      <p>{t('pending.explain')}</p>
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
            {busy === 'sync' ? t('pending.sending') : t('pending.sendFirst')}
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
          {t('common.cancel')}
        </button>
      </div>
      {onSync && syncUnavailable ? <p className="muted">{syncUnavailable}</p> : null}
    </section>
  );
}

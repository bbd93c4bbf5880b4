import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PendingChangesChoice } from '../features/auth/components/pending-changes-choice.js';
import { countPending } from '../features/sync/api/count-pending.js';
import type { SyncController } from '../features/sync/api/sync-controller.js';
import { useSyncState } from '../features/sync/hooks/use-sync-state.js';
import type { Device } from '../lib/device.js';

/**
 * Sign-out, asked first: with changes not yet on the server it says how
 * many and waits for a choice (send them first, or delete them); without,
 * it says what signing out does. `onSignOut` runs only after a choice.
 */
export function SignOutPanel({
  device,
  controller,
  pending,
  onSignOut,
  onCancel,
}: {
  readonly device: Device;
  readonly controller: SyncController;
  /** Changes waiting when the person asked to sign out. */
  readonly pending: number;
  readonly onSignOut: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { online } = useSyncState(controller);
  const [count, setCount] = useState(pending);
  const [error, setError] = useState<string | null>(null);

  if (count === 0) {
    return (
      <section role="alertdialog" aria-labelledby="sign-out-title" className="pending-choice">
        <h2 id="sign-out-title">{t('signOut.title')}</h2>
        <p>{t('signOut.explain')}</p>
        <div className="actions">
          <button type="button" className="danger" onClick={onSignOut}>
            {t('signOut.confirm')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </section>
    );
  }

  const syncFirst = async () => {
    await controller.syncNow();
    const left = await countPending(device.store);
    if (left === 0) {
      onSignOut();
      return;
    }
    setCount(left);
    setError(
      controller.state.error ??
        (controller.state.rejected.length > 0
          ? t('signOut.refused', { count: controller.state.rejected.length })
          : t('signOut.stillWaiting')),
    );
  };

  return (
    <PendingChangesChoice
      count={count}
      deleteLabel={t('signOut.deleteAndSignOut')}
      onSync={syncFirst}
      syncUnavailable={online ? null : t('common.sendNeedsConnection')}
      error={error}
      onDelete={async () => onSignOut()}
      onCancel={onCancel}
    />
  );
}

import { useState } from 'react';
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
  const { online } = useSyncState(controller);
  const [count, setCount] = useState(pending);
  const [error, setError] = useState<string | null>(null);

  if (count === 0) {
    return (
      <section role="alertdialog" aria-labelledby="sign-out-title" className="pending-choice">
        <h2 id="sign-out-title">Sign out?</h2>
        <p>
          Every change on this device has reached the server. Signing out deletes the records from
          this device (they stay on the server) and ends this sign-in on the server.
        </p>
        <div className="actions">
          <button type="button" className="danger" onClick={onSignOut}>
            Sign out
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
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
          ? `The server refused ${controller.state.rejected.length} record(s); they stay on this device.`
          : 'Some changes are still waiting.'),
    );
  };

  return (
    <PendingChangesChoice
      count={count}
      owner="on this device"
      deleteLabel="Delete them and sign out"
      onSync={syncFirst}
      syncUnavailable={online ? null : 'Sending them needs a connection.'}
      error={error}
      onDelete={async () => onSignOut()}
      onCancel={onCancel}
    />
  );
}

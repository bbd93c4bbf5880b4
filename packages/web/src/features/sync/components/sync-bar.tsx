import { useEffect, useState } from 'react';
import type { SyncController } from '../api/sync-controller.js';
import { usePendingCount } from '../hooks/use-pending-count.js';
import { useSyncState } from '../hooks/use-sync-state.js';

function timeAgo(ms: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return new Date(ms).toLocaleString();
}

/** Online or offline, changes waiting, last sync, progress while syncing, errors in words. */
export function SyncBar({ controller }: { readonly controller: SyncController }) {
  const state = useSyncState(controller);
  const { data: pending = 0 } = usePendingCount();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  const progress = state.progress;
  const progressText = progress
    ? progress.phase === 'push'
      ? `Sending ${progress.pushed} of ${progress.pushTotal ?? '?'} changes`
      : `Received ${progress.pulled} records`
    : 'Syncing';
  return (
    <section className="sync-bar" aria-label="Sync">
      <span
        className={state.online ? 'status online' : 'status offline'}
        data-testid="network-status"
      >
        {state.online ? 'Online' : 'Offline'}
      </span>
      <span data-testid="pending-count" aria-live="polite">
        {pending === 0
          ? 'All changes synced'
          : `${pending} ${pending === 1 ? 'change' : 'changes'} waiting`}
      </span>
      <span data-testid="last-synced">
        {state.lastSyncedAt ? `Last synced ${timeAgo(state.lastSyncedAt, now)}` : 'Never synced'}
      </span>
      {state.syncing ? (
        <span className="sync-progress">
          <progress
            aria-label={progressText}
            max={progress?.phase === 'push' && progress.pushTotal ? progress.pushTotal : undefined}
            value={progress?.phase === 'push' && progress.pushTotal ? progress.pushed : undefined}
          />
          <span aria-live="polite">{progressText}</span>
        </span>
      ) : null}
      <button
        type="button"
        className="secondary"
        disabled={state.syncing || !state.online}
        onClick={() => void controller.syncNow()}
      >
        Sync now
      </button>
      {state.error ? (
        <p role="alert" className="sync-error">
          {state.error}
        </p>
      ) : null}
      {state.rejected.length > 0 ? (
        <p role="status" className="sync-error">
          The server refused {state.rejected.length} record(s): not saved to the server.
        </p>
      ) : null}
      {state.departed.length > 0 ? (
        <p role="status" className="muted" data-testid="departed-count">
          {state.departed.length === 1
            ? '1 patient left this device in the last sync: no longer in your clinics.'
            : `${state.departed.length} patients left this device in the last sync: no longer in your clinics.`}
        </p>
      ) : null}
    </section>
  );
}

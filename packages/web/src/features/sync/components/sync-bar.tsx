import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTimeAgo } from '../../../i18n/format.js';
import { useLanguage } from '../../../i18n/use-language.js';
import type { SyncController } from '../api/sync-controller.js';
import { usePendingCount } from '../hooks/use-pending-count.js';
import { useSyncState } from '../hooks/use-sync-state.js';

/** Online or offline, changes waiting, last sync, progress while syncing, errors in words. */
export function SyncBar({ controller }: { readonly controller: SyncController }) {
  const { t } = useTranslation();
  const language = useLanguage();
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
      ? progress.pushTotal === null
        ? t('sync.sendingChanges')
        : t('sync.sending', { pushed: progress.pushed, count: progress.pushTotal })
      : t('sync.received', { count: progress.pulled })
    : t('sync.syncing');
  return (
    <section className="sync-bar" aria-label={t('sync.label')}>
      <span
        className={state.online ? 'status online' : 'status offline'}
        data-testid="network-status"
      >
        {state.online ? t('sync.online') : t('sync.offline')}
      </span>
      <span data-testid="pending-count" aria-live="polite">
        {pending === 0 ? t('sync.allSynced') : t('sync.waiting', { count: pending })}
      </span>
      <span data-testid="last-synced">
        {state.lastSyncedAt
          ? t('sync.lastSynced', {
              when: formatTimeAgo(state.lastSyncedAt, now, language) ?? t('sync.justNow'),
            })
          : t('sync.neverSynced')}
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
        {t('sync.syncNow')}
      </button>
      {state.error ? (
        <p role="alert" className="sync-error">
          {state.error}
        </p>
      ) : null}
      {state.rejected.length > 0 ? (
        <p role="status" className="sync-error">
          {t('sync.refused', { count: state.rejected.length })}
        </p>
      ) : null}
      {state.departed.length > 0 ? (
        <p role="status" className="muted" data-testid="departed-count">
          {t('sync.departed', { count: state.departed.length })}
        </p>
      ) : null}
    </section>
  );
}

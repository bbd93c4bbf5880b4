import { useEffect, useState } from 'react';
import type { SyncProgress } from '@clinicsync/client';
import { useTranslation } from 'react-i18next';
import {
  formatDuration,
  formatMegabytes,
  formatNumber,
  formatTimeAgo,
} from '../../../i18n/format.js';
import { useLanguage } from '../../../i18n/use-language.js';
import type { SyncController } from '../api/sync-controller.js';
import { usePendingCount } from '../hooks/use-pending-count.js';
import { useSyncState } from '../hooks/use-sync-state.js';

/**
 * The bar's value and end, or undefined for a bar that cannot know its end.
 * A pull's end is the server's estimate, which the last page reaches
 * exactly unless records were written on the server during the pull: past
 * it, the bar stays one short of full, never full before the end.
 */
function progressBar(progress: SyncProgress | null): { value: number; max: number } | undefined {
  if (!progress) return undefined;
  if (progress.phase === 'push') {
    return progress.pushTotal ? { value: progress.pushed, max: progress.pushTotal } : undefined;
  }
  if (progress.pullTotal === null || progress.pullTotal === 0) return undefined;
  const { pulled, pullTotal } = progress;
  return pulled > pullTotal
    ? { value: pulled, max: pulled + 1 }
    : { value: pulled, max: pullTotal };
}

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
  const bar = progressBar(progress);
  const progressText = progress
    ? progress.phase === 'push'
      ? progress.pushTotal === null
        ? t('sync.sendingChanges')
        : t('sync.sending', { pushed: progress.pushed, count: progress.pushTotal })
      : progress.pullTotal === null
        ? t('sync.received', { count: progress.pulled })
        : [
            t('sync.receivedOf', {
              pulled: formatNumber(progress.pulled, language),
              count: progress.pullTotal,
            }),
            progress.pullBytesTotal === null
              ? null
              : t('sync.size', {
                  received: formatMegabytes(progress.pulledBytes, language),
                  total: formatMegabytes(progress.pullBytesTotal, language),
                }),
            progress.pullSecondsLeft === null || progress.pulled >= progress.pullTotal
              ? null
              : t('sync.timeLeft', { time: formatDuration(progress.pullSecondsLeft, language) }),
          ]
            .filter(Boolean)
            .join(' · ')
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
            data-testid="sync-progress"
            max={bar?.max}
            value={bar?.value}
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

import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../lib/session.js';
import { listOpenConflicts } from './admin-api.js';
import { ConflictItem } from './conflict-item.js';
import { useLogPages } from './use-log-pages.js';

/** The review queue: open conflicts, newest first; a resolved one leaves the queue. */
export function ConflictsPage({ session }: { readonly session: Session }) {
  const { t } = useTranslation();
  const load = useCallback(
    (before: number | null) => listOpenConflicts(session, before),
    [session],
  );
  const pages = useLogPages(load);
  const [resolved, setResolved] = useState<ReadonlySet<number>>(new Set());
  const open = pages.entries?.filter((conflict) => !resolved.has(conflict.id)) ?? null;
  return (
    <section aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">{t('admin.pages.conflicts')}</h2>
      {pages.failure ? (
        <p role="alert">{t('admin.loadFailed', { reason: pages.failure })}</p>
      ) : null}
      {resolved.size > 0 ? (
        <p role="status">{t('admin.conflicts.resolvedCount', { count: resolved.size })}</p>
      ) : null}
      {open === null ? (
        pages.failure ? null : (
          <p role="status">{t('common.loading')}</p>
        )
      ) : open.length === 0 ? (
        <p>{t('admin.conflicts.none')}</p>
      ) : (
        open.map((conflict) => (
          <ConflictItem
            key={conflict.id}
            session={session}
            conflict={conflict}
            onResolved={(id) => setResolved((previous) => new Set([...previous, id]))}
          />
        ))
      )}
      {pages.hasMore ? (
        <button type="button" className="secondary" onClick={pages.more}>
          {t('admin.more')}
        </button>
      ) : null}
    </section>
  );
}

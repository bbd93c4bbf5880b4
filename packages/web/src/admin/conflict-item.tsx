import type { ConflictEntry } from '@clinicsync/schema';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/format.js';
import { useLanguage } from '../i18n/use-language.js';
import type { Session } from '../lib/session.js';
import { resolveConflict } from './admin-api.js';
import { SaveOutcome } from './save-outcome.js';
import { useSave } from './use-save.js';
import { WireValue } from './wire-value.js';

/** Who wrote a value: a user (by name, else id) and the device, or the server. */
function Author({ by }: { readonly by: ConflictEntry['applied_by'] }) {
  const { t } = useTranslation();
  if (by.user === null) return <>{t('admin.conflicts.server')}</>;
  const user = by.name ?? by.user;
  return (
    <bdi>{by.device ? t('admin.conflicts.userOnDevice', { user, device: by.device }) : user}</bdi>
  );
}

/**
 * One open conflict: the record, the value that won and the one it
 * replaced with their authors, and the two ways to close it. A 409 (the row
 * changed since) shows the server's message and leaves it open.
 */
export function ConflictItem({
  session,
  conflict,
  onResolved,
}: {
  readonly session: Session;
  readonly conflict: ConflictEntry;
  readonly onResolved: (id: number) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const save = useSave();
  const resolve = (action: 'keep' | 'restore') =>
    save.run(async () => {
      await resolveConflict(session, conflict.id, action);
      onResolved(conflict.id);
    }, t('admin.conflicts.resolved'));
  const heading = `${conflict.table} · ${conflict.row_id}${conflict.column ? ` · ${conflict.column}` : ''}`;
  return (
    <article className="conflict" aria-labelledby={`conflict-${conflict.id}`}>
      <h3 id={`conflict-${conflict.id}`}>
        <bdi>{heading}</bdi>
      </h3>
      <p className="muted">
        {t(`admin.conflicts.kinds.${conflict.kind}`)} · {formatDateTime(conflict.at, language)}
        {conflict.clinic_id ? (
          <>
            {' · '}
            <bdi>{conflict.clinic_name ?? conflict.clinic_id}</bdi>
          </>
        ) : null}
        {conflict.reason ? ` · ${conflict.reason}` : ''}
      </p>
      <dl>
        <dt>{t('admin.conflicts.applied')}</dt>
        <dd>
          <WireValue value={conflict.applied_value} /> <Author by={conflict.applied_by} />
        </dd>
        <dt>{t('admin.conflicts.replaced')}</dt>
        <dd>
          <WireValue value={conflict.replaced_value} /> <Author by={conflict.replaced_by} />
        </dd>
      </dl>
      <div className="actions">
        <button type="button" disabled={save.busy} onClick={() => resolve('keep')}>
          {t('admin.conflicts.keep')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={save.busy}
          onClick={() => resolve('restore')}
        >
          {t('admin.conflicts.restore')}
        </button>
      </div>
      <SaveOutcome save={save} />
    </article>
  );
}

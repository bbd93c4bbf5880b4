import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { useLanguage } from '../i18n/use-language.js';
import type { Session } from '../lib/session.js';
import { listDevices, listSyncLog } from './admin-api.js';
import { useAdminData } from './use-admin-data.js';
import { UserLabel } from './user-label.js';
import { UserDevices } from './user-devices.js';
import { useLogPages } from './use-log-pages.js';

type Kind = '' | 'pull' | 'push';

/** Every device's last syncs, and every pull and push, newest first, narrowed to a user id and a kind. */
export function SyncLogPage({ session }: { readonly session: Session }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const [userId, setUserId] = useState('');
  const [kind, setKind] = useState<Kind>('');
  const [filters, setFilters] = useState<{ userId: string; kind: Kind }>({ userId: '', kind: '' });
  const load = useCallback(
    (before: number | null) =>
      listSyncLog(session, before, {
        ...(filters.userId ? { userId: filters.userId } : {}),
        ...(filters.kind ? { kind: filters.kind } : {}),
      }),
    [session, filters],
  );
  const pages = useLogPages(load);
  const loadDevices = useCallback(() => listDevices(session), [session]);
  const devices = useAdminData(loadDevices);
  return (
    <section aria-labelledby="sync-title">
      <h2 id="sync-title">{t('admin.pages.syncLog')}</h2>
      <h3>{t('admin.user.devices')}</h3>
      {devices.failure ? (
        <p role="alert">{t('admin.loadFailed', { reason: devices.failure })}</p>
      ) : null}
      {devices.data ? <UserDevices devices={devices.data} showUser /> : null}
      <h3>{t('admin.log.syncTitle')}</h3>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({ userId: userId.trim(), kind });
        }}
      >
        <label htmlFor={`${id}-user`}>{t('admin.log.userId')}</label>
        <input
          id={`${id}-user`}
          value={userId}
          onChange={(event) => setUserId(event.target.value)}
        />
        <label htmlFor={`${id}-kind`}>{t('admin.log.kind')}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(event) => setKind(event.target.value as Kind)}
        >
          <option value="">{t('admin.log.allKinds')}</option>
          <option value="pull">{t('admin.log.pull')}</option>
          <option value="push">{t('admin.log.push')}</option>
        </select>
        <button type="submit">{t('admin.log.filter')}</button>
      </form>
      {pages.failure ? (
        <p role="alert">{t('admin.loadFailed', { reason: pages.failure })}</p>
      ) : null}
      {pages.entries === null ? (
        pages.failure ? null : (
          <p role="status">{t('common.loading')}</p>
        )
      ) : pages.entries.length === 0 ? (
        <p>{t('admin.log.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.log.at')}</th>
              <th scope="col">{t('admin.log.user')}</th>
              <th scope="col">{t('admin.devices.device')}</th>
              <th scope="col">{t('admin.log.kind')}</th>
              <th scope="col">{t('admin.log.ms')}</th>
              <th scope="col">{t('admin.log.error')}</th>
            </tr>
          </thead>
          <tbody>
            {pages.entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDateTime(entry.at, language)}</td>
                <td>
                  <UserLabel id={entry.user} name={entry.user_name} email={entry.user_email} />
                </td>
                <td>
                  <bdi>{entry.device ?? ''}</bdi>
                </td>
                <td>{entry.kind === 'pull' ? t('admin.log.pull') : t('admin.log.push')}</td>
                <td>{formatNumber(Math.round(entry.ms), language)}</td>
                <td>{entry.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages.hasMore ? (
        <button type="button" className="secondary" onClick={pages.more}>
          {t('admin.more')}
        </button>
      ) : null}
    </section>
  );
}

import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/format.js';
import { useLanguage } from '../i18n/use-language.js';
import type { Session } from '../lib/session.js';
import { listAccessLog } from './admin-api.js';
import { useLogPages } from './use-log-pages.js';
import { UserLabel } from './user-label.js';

/** Who looked up, followed or exported what, newest first, fifty at a time. */
export function AccessLogPage({ session }: { readonly session: Session }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const load = useCallback((before: number | null) => listAccessLog(session, before), [session]);
  const pages = useLogPages(load);
  return (
    <section aria-labelledby="access-title">
      <h2 id="access-title">{t('admin.pages.accessLog')}</h2>
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
              <th scope="col">{t('admin.log.action')}</th>
              <th scope="col">{t('admin.log.target')}</th>
            </tr>
          </thead>
          <tbody>
            {pages.entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDateTime(entry.at, language)}</td>
                <td>
                  <UserLabel id={entry.user} name={entry.user_name} email={entry.user_email} />
                </td>
                <td>{entry.action}</td>
                <td>
                  <bdi>{entry.target}</bdi>
                </td>
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

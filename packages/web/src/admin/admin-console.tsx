import { useTranslation } from 'react-i18next';
import { useOnline } from '../hooks/use-online.js';
import type { Session } from '../lib/session.js';
import { adminPageHref, adminPages, useAdminLocation } from './admin-route.js';
import type { AdminLocation } from './admin-route.js';
import { canAdminister } from './can-administer.js';
import { AccessLogPage } from './access-log-page.js';
import { ClinicsPage } from './clinics-page.js';
import { ConflictsPage } from './conflicts-page.js';
import { ExportsPage } from './exports-page.js';
import { FormsPage } from './forms-page.js';
import { SyncLogPage } from './sync-log-page.js';
import { UserPage } from './user-page.js';
import { UsersPage } from './users-page.js';

function Page({
  location,
  session,
}: {
  readonly location: AdminLocation;
  readonly session: Session;
}) {
  switch (location.page) {
    case 'clinics':
      return <ClinicsPage session={session} />;
    case 'users':
      return location.userId ? (
        <UserPage session={session} id={location.userId} />
      ) : (
        <UsersPage session={session} />
      );
    case 'conflicts':
      return <ConflictsPage session={session} />;
    case 'syncLog':
      return <SyncLogPage session={session} />;
    case 'accessLog':
      return <AccessLogPage session={session} />;
    case 'exports':
      return <ExportsPage session={session} />;
    case 'forms':
      return <FormsPage session={session} />;
  }
}

/**
 * The administration console at `/admin`: online only, as every page is a
 * server call (it opens no local database). Someone who is not an
 * administrator is told so, and offline it says the console needs a
 * connection instead of failing call by call.
 */
export function AdminConsole({ session }: { readonly session: Session }) {
  const { t } = useTranslation();
  const online = useOnline();
  const location = useAdminLocation();
  const { page } = location;
  const allowed = canAdminister(session);
  return (
    <>
      <header className="app-header">
        <a className="brand" href="/">
          ClinicSync
        </a>
        <span className="muted">{session.user.name}</span>
        <a href="/">{t('admin.backToApp')}</a>
      </header>
      {allowed ? (
        <nav aria-label={t('admin.navigation')} className="admin-nav">
          <ul>
            {adminPages.map((name) => (
              <li key={name}>
                <a href={adminPageHref(name)} aria-current={name === page ? 'page' : undefined}>
                  {t(`admin.pages.${name}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main>
        <h1>{t('admin.title')}</h1>
        {!allowed ? (
          <p role="alert">{t('admin.notAllowed')}</p>
        ) : !online ? (
          <p role="status" className="warning">
            {t('admin.offline')}
          </p>
        ) : (
          <Page key={`${page}/${location.userId ?? ''}`} location={location} session={session} />
        )}
      </main>
    </>
  );
}

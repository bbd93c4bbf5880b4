import type { AdminUserDetail } from '@clinicsync/schema';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../lib/session.js';
import { listClinics, listUsers } from './admin-api.js';
import { adminUserHref } from './admin-route.js';
import { NewUserForm } from './new-user-form.js';
import { useAdminData } from './use-admin-data.js';

/** The users the administrator sees, fifty at a time by email, and a form for a new one. */
export function UsersPage({ session }: { readonly session: Session }) {
  const { t } = useTranslation();
  const [after, setAfter] = useState<string | null>(null);
  const [earlier, setEarlier] = useState<readonly AdminUserDetail[]>([]);
  const loadUsers = useCallback(() => listUsers(session, after), [session, after]);
  const users = useAdminData(loadUsers);
  const loadClinics = useCallback(() => listClinics(session), [session]);
  const clinics = useAdminData(loadClinics);
  const clinicName = (id: string) =>
    clinics.data?.find((clinic) => clinic.id === id)?.name ??
    (id === '' ? t('admin.users.noClinic') : id);
  const shown = [...earlier, ...(users.data?.users ?? [])];
  const next = users.data?.next ?? null;
  const failure = users.failure ?? clinics.failure;
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t('admin.pages.users')}</h2>
      {failure ? <p role="alert">{t('admin.loadFailed', { reason: failure })}</p> : null}
      {users.data === null ? (
        failure ? null : (
          <p role="status">{t('common.loading')}</p>
        )
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.users.email')}</th>
              <th scope="col">{t('admin.users.name')}</th>
              <th scope="col">{t('admin.users.role')}</th>
              <th scope="col">{t('admin.users.homeClinic')}</th>
              <th scope="col">{t('admin.users.status')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((user) => (
              <tr key={user.id}>
                <td>
                  <bdi>{user.email}</bdi>
                </td>
                <td>
                  <a href={adminUserHref(user.id)}>{user.name}</a>
                </td>
                <td>{t(`admin.roles.${user.role}`)}</td>
                <td>{clinicName(user.clinic_id)}</td>
                <td>{user.disabled ? t('admin.users.disabled') : t('admin.users.active')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next ? (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setEarlier(shown);
            setAfter(next);
          }}
        >
          {t('admin.more')}
        </button>
      ) : null}
      <h3>{t('admin.users.createTitle')}</h3>
      {clinics.data ? (
        <NewUserForm
          session={session}
          clinics={clinics.data}
          onCreated={() => {
            setEarlier([]);
            setAfter(null);
            users.reload();
            clinics.reload();
          }}
        />
      ) : null}
    </section>
  );
}

import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../lib/session.js';
import { AccountForm } from './account-form.js';
import { AddMembershipForm } from './add-membership-form.js';
import { getUser, listClinics, listDevices, updateUser } from './admin-api.js';
import { adminPageHref } from './admin-route.js';
import { ClinicFlagsForm } from './clinic-flags-form.js';
import { PasswordResetForm } from './password-reset-form.js';
import { RemoveMembership } from './remove-membership.js';
import { SaveOutcome } from './save-outcome.js';
import { useAdminData } from './use-admin-data.js';
import { UserDevices } from './user-devices.js';
import { useSave } from './use-save.js';

/**
 * One user: role and home clinic, permission flags in each of their
 * clinics, disable or enable, a new password, and their devices.
 */
export function UserPage({ session, id }: { readonly session: Session; readonly id: string }) {
  const { t } = useTranslation();
  const loadUser = useCallback(() => getUser(session, id), [session, id]);
  const user = useAdminData(loadUser);
  const loadClinics = useCallback(() => listClinics(session), [session]);
  const clinics = useAdminData(loadClinics);
  const loadDevices = useCallback(() => listDevices(session, id), [session, id]);
  const devices = useAdminData(loadDevices);
  const disabling = useSave();
  const [removedFrom, setRemovedFrom] = useState<string | null>(null);
  const failure = user.failure ?? clinics.failure ?? devices.failure;
  const detail = user.data;
  const clinicName = (clinicId: string) =>
    clinics.data?.find((clinic) => clinic.id === clinicId)?.name ?? clinicId;

  return (
    <section aria-labelledby="user-title">
      <p>
        <a href={adminPageHref('users')}>{t('admin.user.allUsers')}</a>
      </p>
      <h2 id="user-title">{detail ? detail.name : t('admin.pages.users')}</h2>
      {failure ? <p role="alert">{t('admin.loadFailed', { reason: failure })}</p> : null}
      {!detail || !clinics.data ? (
        failure ? null : (
          <p role="status">{t('common.loading')}</p>
        )
      ) : (
        <>
          <p>
            <bdi>{detail.email}</bdi> ·{' '}
            {detail.disabled ? t('admin.users.disabled') : t('admin.users.active')}
          </p>
          <h3>{t('admin.user.account')}</h3>
          <AccountForm
            key={`${detail.role}/${detail.clinic_id}`}
            session={session}
            user={detail}
            clinics={clinics.data}
            onSaved={user.reload}
          />
          <h3>{t('admin.user.permissions')}</h3>
          {removedFrom ? (
            <p role="status">{t('admin.membership.removed', { clinic: removedFrom })}</p>
          ) : null}
          {detail.clinics.map((membership) => (
            <div key={membership.clinic_id} className="membership">
              <ClinicFlagsForm
                session={session}
                userId={detail.id}
                clinicId={membership.clinic_id}
                clinicName={clinicName(membership.clinic_id)}
                initial={membership.permissions}
              />
              {membership.clinic_id === detail.clinic_id ? null : (
                <RemoveMembership
                  session={session}
                  userId={detail.id}
                  userName={detail.name}
                  clinicId={membership.clinic_id}
                  clinicName={clinicName(membership.clinic_id)}
                  onRemoved={() => {
                    setRemovedFrom(clinicName(membership.clinic_id));
                    user.reload();
                  }}
                />
              )}
            </div>
          ))}
          <h3>{t('admin.membership.addTitle')}</h3>
          <AddMembershipForm
            session={session}
            userId={detail.id}
            clinics={clinics.data.filter(
              (clinic) => !detail.clinics.some((m) => m.clinic_id === clinic.id),
            )}
            onAdded={() => {
              setRemovedFrom(null);
              user.reload();
            }}
          />
          <h3>{t('admin.user.password')}</h3>
          <PasswordResetForm session={session} userId={detail.id} />
          <h3>{t('admin.user.access')}</h3>
          <button
            type="button"
            className="secondary"
            disabled={disabling.busy}
            onClick={() =>
              disabling.run(
                async () => {
                  await updateUser(session, detail.id, { disabled: !detail.disabled });
                  user.reload();
                },
                detail.disabled ? t('admin.user.enabled') : t('admin.user.disabledNow'),
              )
            }
          >
            {detail.disabled ? t('admin.user.enable') : t('admin.user.disable')}
          </button>
          <SaveOutcome save={disabling} />
          <h3>{t('admin.user.devices')}</h3>
          {devices.data ? <UserDevices devices={devices.data} /> : null}
        </>
      )}
    </section>
  );
}

import { roles } from '@clinicsync/schema';
import type { AdminUserDetail, ClinicSummary, Role } from '@clinicsync/schema';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../lib/session.js';
import { updateUser } from './admin-api.js';
import { SaveOutcome } from './save-outcome.js';
import { useSave } from './use-save.js';

/** A user's role and home clinic; `onSaved` reads the user again (a new home clinic adds a row). */
export function AccountForm({
  session,
  user,
  clinics,
  onSaved,
}: {
  readonly session: Session;
  readonly user: AdminUserDetail;
  readonly clinics: readonly ClinicSummary[];
  readonly onSaved: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [role, setRole] = useState<Role>(user.role);
  const [clinicId, setClinicId] = useState(user.clinic_id);
  const save = useSave();
  const grantable: readonly Role[] =
    session.user.role === 'super_admin' ? roles : roles.filter((r) => r !== 'super_admin');
  const choices = grantable.includes(user.role) ? grantable : [user.role, ...grantable];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.run(async () => {
      await updateUser(session, user.id, { role, clinic_id: clinicId });
      onSaved();
    }, t('admin.user.accountSaved'));
  };
  return (
    <form className="admin-form" onSubmit={onSubmit}>
      <label htmlFor={`${id}-role`}>{t('admin.users.role')}</label>
      <select
        id={`${id}-role`}
        value={role}
        onChange={(event) => setRole(event.target.value as Role)}
      >
        {choices.map((r) => (
          <option key={r} value={r}>
            {t(`admin.roles.${r}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-clinic`}>{t('admin.users.homeClinic')}</label>
      <select
        id={`${id}-clinic`}
        value={clinicId}
        onChange={(event) => setClinicId(event.target.value)}
      >
        {clinicId === '' ? <option value="">{t('admin.users.noClinic')}</option> : null}
        {clinics.map((clinic) => (
          <option key={clinic.id} value={clinic.id}>
            {clinic.name}
          </option>
        ))}
      </select>
      <button type="submit" disabled={save.busy}>
        {t('admin.user.saveAccount')}
      </button>
      <SaveOutcome save={save} />
    </form>
  );
}

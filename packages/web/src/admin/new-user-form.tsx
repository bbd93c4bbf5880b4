import { roles } from '@clinicsync/schema';
import type { ClinicSummary, PermissionFlag, Role } from '@clinicsync/schema';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../lib/session.js';
import { createUser } from './admin-api.js';
import { ClinicSelect, FlagCheckboxes } from './flag-checkboxes.js';

/**
 * A new user: email, name, password, role, home clinic and that clinic's
 * permission flags. The server holds the password rules; its message is
 * shown as sent, and what was typed stays.
 */
export function NewUserForm({
  session,
  clinics,
  onCreated,
}: {
  readonly session: Session;
  readonly clinics: readonly ClinicSummary[];
  readonly onCreated: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('provider');
  const [clinicId, setClinicId] = useState(clinics[0]?.id ?? '');
  const [flags, setFlags] = useState<ReadonlySet<PermissionFlag>>(new Set());
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const grantable =
    session.user.role === 'super_admin' ? roles : roles.filter((r) => r !== 'super_admin');

  const toggle = (flag: PermissionFlag, on: boolean) => {
    const changed = new Set(flags);
    if (on) changed.add(flag);
    else changed.delete(flag);
    setFlags(changed);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setCreated(null);
    const permissions = Object.fromEntries([...flags].map((flag) => [flag, true]));
    createUser(session, { email, password, name: name.trim(), role, clinicId, permissions })
      .then(() => {
        setCreated(email.trim());
        setEmail('');
        setName('');
        setPassword('');
        setFlags(new Set());
        onCreated();
      })
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)))
      .finally(() => setBusy(false));
  };

  return (
    <form className="admin-form" onSubmit={onSubmit}>
      <label htmlFor={`${id}-email`}>{t('admin.users.email')}</label>
      <input
        id={`${id}-email`}
        type="email"
        autoComplete="off"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <label htmlFor={`${id}-name`}>{t('admin.users.name')}</label>
      <input
        id={`${id}-name`}
        required
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <label htmlFor={`${id}-password`}>{t('admin.users.password')}</label>
      <input
        id={`${id}-password`}
        type="password"
        autoComplete="new-password"
        aria-describedby={`${id}-password-hint`}
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <p id={`${id}-password-hint`} className="muted">
        {t('admin.users.passwordHint')}
      </p>
      <label htmlFor={`${id}-role`}>{t('admin.users.role')}</label>
      <select
        id={`${id}-role`}
        value={role}
        onChange={(event) => setRole(event.target.value as Role)}
      >
        {grantable.map((r) => (
          <option key={r} value={r}>
            {t(`admin.roles.${r}`)}
          </option>
        ))}
      </select>
      <ClinicSelect
        id={`${id}-clinic`}
        label={t('admin.users.homeClinic')}
        clinics={clinics}
        value={clinicId}
        onChange={setClinicId}
      />
      <FlagCheckboxes
        legend={t('admin.users.flagsLegend')}
        isOn={(flag) => flags.has(flag)}
        onChange={toggle}
      />
      <button type="submit" disabled={busy}>
        {t('admin.users.create')}
      </button>
      {failure ? <p role="alert">{t('admin.saveFailed', { reason: failure })}</p> : null}
      {created ? <p role="status">{t('admin.users.created', { email: created })}</p> : null}
    </form>
  );
}

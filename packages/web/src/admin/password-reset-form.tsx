import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../lib/session.js';
import { updateUser } from './admin-api.js';
import { SaveOutcome } from './save-outcome.js';
import { useSave } from './use-save.js';

/** A new password for a user (the server signs their devices out); the server's rules apply. */
export function PasswordResetForm({
  session,
  userId,
}: {
  readonly session: Session;
  readonly userId: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [password, setPassword] = useState('');
  const save = useSave();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.run(async () => {
      await updateUser(session, userId, { password });
      setPassword('');
    }, t('admin.user.passwordReset'));
  };
  return (
    <form className="admin-form" onSubmit={onSubmit}>
      <label htmlFor={id}>{t('admin.user.newPassword')}</label>
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <button type="submit" disabled={save.busy}>
        {t('admin.user.resetPassword')}
      </button>
      <SaveOutcome save={save} />
    </form>
  );
}

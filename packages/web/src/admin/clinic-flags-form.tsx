import type { ClinicFlags, PermissionFlag } from '@clinicsync/schema';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../lib/session.js';
import { setClinicFlags } from './admin-api.js';
import { FlagCheckboxes } from './flag-checkboxes.js';
import { SaveOutcome } from './save-outcome.js';
import { useSave } from './use-save.js';

/** A user's permission flags in one clinic, saved as the whole row. */
export function ClinicFlagsForm({
  session,
  userId,
  clinicId,
  clinicName,
  initial,
}: {
  readonly session: Session;
  readonly userId: string;
  readonly clinicId: string;
  readonly clinicName: string;
  readonly initial: ClinicFlags;
}) {
  const { t } = useTranslation();
  const [flags, setFlags] = useState<ClinicFlags>(initial);
  const save = useSave();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.run(
      () => setClinicFlags(session, userId, clinicId, flags),
      t('admin.user.flagsSaved', { clinic: clinicName }),
    );
  };
  const set = (flag: PermissionFlag, on: boolean) => setFlags({ ...flags, [flag]: on });
  return (
    <form className="admin-form" onSubmit={onSubmit}>
      <FlagCheckboxes
        legend={t('admin.user.flagsIn', { clinic: clinicName })}
        isOn={(flag) => flags[flag]}
        onChange={set}
      />
      <button type="submit" disabled={save.busy}>
        {t('admin.user.saveFlags', { clinic: clinicName })}
      </button>
      <SaveOutcome save={save} />
    </form>
  );
}

import { permissionFlags } from '@clinicsync/schema';
import type { ClinicFlags, ClinicSummary, PermissionFlag } from '@clinicsync/schema';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../lib/session.js';
import { setClinicFlags } from './admin-api.js';
import { ClinicSelect, FlagCheckboxes } from './flag-checkboxes.js';
import { SaveOutcome } from './save-outcome.js';
import { useSave } from './use-save.js';

const noFlags = Object.fromEntries(permissionFlags.map((flag) => [flag, false])) as ClinicFlags;

/**
 * Adds a user to one more clinic with permission flags there: the server's
 * `PUT` of a whole permission row, which their devices pull with the
 * clinic's patients. `clinics` are those the user is not in yet.
 */
export function AddMembershipForm({
  session,
  userId,
  clinics,
  onAdded,
}: {
  readonly session: Session;
  readonly userId: string;
  readonly clinics: readonly ClinicSummary[];
  readonly onAdded: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [clinicId, setClinicId] = useState(clinics[0]?.id ?? '');
  const [flags, setFlags] = useState<ClinicFlags>(noFlags);
  const save = useSave();
  if (clinics.length === 0) {
    // Kept with the note, as adding to the last clinic on offer leads here.
    return (
      <>
        <p>{t('admin.membership.noOtherClinic')}</p>
        <SaveOutcome save={save} />
      </>
    );
  }
  const chosen = clinics.find((clinic) => clinic.id === clinicId) ?? clinics[0];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    save.run(
      async () => {
        await setClinicFlags(session, userId, chosen.id, flags);
        setFlags(noFlags);
        onAdded();
      },
      t('admin.membership.added', { clinic: chosen.name }),
    );
  };
  const set = (flag: PermissionFlag, on: boolean) => setFlags({ ...flags, [flag]: on });
  return (
    <form className="admin-form" onSubmit={onSubmit}>
      <ClinicSelect
        id={`${id}-clinic`}
        label={t('admin.membership.clinic')}
        clinics={clinics}
        value={chosen?.id ?? ''}
        onChange={setClinicId}
      />
      <FlagCheckboxes
        legend={t('admin.membership.flagsLegend')}
        isOn={(flag) => flags[flag]}
        onChange={set}
      />
      <button type="submit" disabled={save.busy}>
        {t('admin.membership.add')}
      </button>
      <SaveOutcome save={save} />
    </form>
  );
}

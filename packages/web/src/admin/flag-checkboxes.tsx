import { permissionFlags } from '@clinicsync/schema';
import type { ClinicSummary, PermissionFlag } from '@clinicsync/schema';
import { useTranslation } from 'react-i18next';

/** One checkbox per permission flag, under `legend`. */
export function FlagCheckboxes({
  legend,
  isOn,
  onChange,
}: {
  readonly legend: string;
  readonly isOn: (flag: PermissionFlag) => boolean;
  readonly onChange: (flag: PermissionFlag, on: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{legend}</legend>
      {permissionFlags.map((flag) => (
        <label key={flag} className="checkbox">
          <input
            type="checkbox"
            checked={isOn(flag)}
            onChange={(event) => onChange(flag, event.target.checked)}
          />
          {t(`admin.flags.${flag}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** A labelled choice of one of `clinics`, by name. */
export function ClinicSelect({
  id,
  label,
  clinics,
  value,
  onChange,
}: {
  readonly id: string;
  readonly label: string;
  readonly clinics: readonly ClinicSummary[];
  readonly value: string;
  readonly onChange: (clinicId: string) => void;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {clinics.map((clinic) => (
          <option key={clinic.id} value={clinic.id}>
            {clinic.name}
          </option>
        ))}
      </select>
    </>
  );
}

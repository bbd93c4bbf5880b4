import { useTranslation } from 'react-i18next';
import { FieldForm } from '../../../components/field-form.js';
import { useDevice } from '../../../lib/device-context.js';
import { emptyValue } from '../../../lib/form-fields.js';
import type { FieldValues, FormField } from '../../../lib/form-fields.js';
import { isPatientColumn } from '../api/patient-values.js';
import { registerPatient } from '../api/register-patient.js';
import type { Patient } from '../api/search-patients.js';
import { updatePatient } from '../api/update-patient.js';
import { useRegistrationForm } from '../hooks/use-registration-form.js';

/** The patient's stored answers to the fields that fill its columns. */
function storedValues(fields: readonly FormField[], patient: Patient): FieldValues {
  const record = patient as unknown as Record<string, unknown>;
  return Object.fromEntries(
    fields.map((field) => {
      const stored = field.column ? record[field.column] : undefined;
      return [field.id, typeof stored === 'string' ? stored : emptyValue(field)];
    }),
  );
}

/**
 * Registers a patient (no `patient`) or edits one, with the server's
 * registration form (the core fields without one). Editing changes the
 * patient's own columns.
 */
export function PatientForm({
  patient,
  onSaved,
  onCancel,
}: {
  readonly patient?: Patient;
  readonly onSaved: (patient: Patient) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { store, session } = useDevice();
  const registration = useRegistrationForm();
  if (registration.error) return <p role="alert">{registration.error}</p>;
  if (registration.data === undefined) return <p>{t('patient.loadingForm')}</p>;
  const fields = patient ? registration.data.filter(isPatientColumn) : registration.data;
  return (
    <FieldForm
      fields={fields}
      initialValues={patient ? storedValues(fields, patient) : undefined}
      submitLabel={patient ? t('patient.saveChanges') : t('patient.registerSubmit')}
      onSubmit={async (values) =>
        onSaved(
          patient
            ? await updatePatient(store, session.user, patient, fields, values)
            : await registerPatient(store, session.user, fields, values),
        )
      }
      onCancel={onCancel}
    />
  );
}

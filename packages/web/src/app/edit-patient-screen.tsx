import { useTranslation } from 'react-i18next';
import { PatientForm } from '../features/patients/components/patient-form.js';
import { PatientGone } from '../features/patients/components/patient-gone.js';
import { usePatient } from '../features/patients/hooks/use-patient.js';
import { navigate, routeHref } from './router.js';

/** Edits the patient's own columns; the form starts from the patient as it is now. */
export function EditPatientScreen({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const { data: patient, error } = usePatient(id);
  if (error) return <p role="alert">{error}</p>;
  if (patient === undefined) return <p>{t('common.loading')}</p>;
  if (patient === null) {
    return (
      <PatientGone
        id={id}
        patientsHref={routeHref({ name: 'patients' })}
        searchHref={(search) => routeHref({ name: 'patients', search })}
      />
    );
  }
  return (
    <section aria-labelledby="edit-title">
      <h2 id="edit-title">
        {t('patient.editTitle', {
          name: `${patient.given_name ?? ''} ${patient.surname ?? ''}`.trim(),
        })}
      </h2>
      <PatientForm
        patient={patient}
        onSaved={() => navigate({ name: 'patient', id })}
        onCancel={() => navigate({ name: 'patient', id })}
      />
    </section>
  );
}

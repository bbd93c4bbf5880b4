import { PatientForm } from '../features/patients/components/patient-form.js';
import { PatientGone } from '../features/patients/components/patient-gone.js';
import { usePatient } from '../features/patients/hooks/use-patient.js';
import { navigate, routeHref } from './router.js';

/** Edits the patient's own columns; the form starts from the patient as it is now. */
export function EditPatientScreen({ id }: { readonly id: string }) {
  const { data: patient, error } = usePatient(id);
  if (error) return <p role="alert">{error}</p>;
  if (patient === undefined) return <p>Loading…</p>;
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
        Edit {patient.given_name} {patient.surname}
      </h2>
      <PatientForm
        patient={patient}
        onSaved={() => navigate({ name: 'patient', id })}
        onCancel={() => navigate({ name: 'patient', id })}
      />
    </section>
  );
}

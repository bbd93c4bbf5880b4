import { useEffect, useState } from 'react';
import type { Patient } from '../features/patients/api/search-patients.js';
import { PatientForm } from '../features/patients/components/patient-form.js';
import { useDevice } from '../lib/device-context.js';
import { navigate } from './router.js';

export function EditPatientScreen({ id }: { readonly id: string }) {
  const { store } = useDevice();
  const [patient, setPatient] = useState<Patient | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    void store.find('patients', id).then((found) => current && setPatient(found));
    return () => {
      current = false;
    };
  }, [store, id]);
  if (patient === undefined) return <p>Loading…</p>;
  if (patient === null) return <p role="status">This patient is not on this device.</p>;
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

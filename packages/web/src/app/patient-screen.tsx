import { ConfirmButton } from '../components/confirm-button.js';
import { deletePatient } from '../features/patients/api/delete-patient.js';
import { PatientDetails } from '../features/patients/components/patient-details.js';
import { usePatientRecord } from '../features/patients/hooks/use-patient-record.js';
import { VisitList } from '../features/visits/components/visit-list.js';
import { useDevice } from '../lib/device-context.js';
import { navigate, routeHref } from './router.js';

/** The patient's record: demographics, visits with their events, vitals, problems, prescriptions, appointments. */
export function PatientScreen({ id }: { readonly id: string }) {
  const { store } = useDevice();
  const { data: record, error } = usePatientRecord(id);

  if (error) return <p role="alert">{error}</p>;
  if (record === undefined) return <p>Loading…</p>;
  if (record === null) {
    return (
      <p role="status">
        This patient is not on this device (deleted, or not synced yet).{' '}
        <a href={routeHref({ name: 'patients' })}>Back to patients</a>
      </p>
    );
  }
  const { patient } = record;
  const name = `${patient.given_name ?? ''} ${patient.surname ?? ''}`.trim() || 'Unnamed patient';
  return (
    <article aria-labelledby="patient-name">
      <p>
        <a href={routeHref({ name: 'patients' })}>← Patients</a>
      </p>
      <div className="heading-row">
        <h2 id="patient-name">{name}</h2>
        <div className="actions">
          <a className="button" href={routeHref({ name: 'new-visit', id })}>
            New visit
          </a>
          <a className="button secondary" href={routeHref({ name: 'edit-patient', id })}>
            Edit patient
          </a>
          <ConfirmButton
            label="Delete patient"
            question={`Delete ${name} and all of their records?`}
            confirmLabel="Delete patient"
            onConfirm={async () => {
              await deletePatient(store, id);
              navigate({ name: 'patients' });
            }}
          />
        </div>
      </div>
      <p className="muted">Id {patient.id}</p>
      <PatientDetails record={record} />
      <section aria-labelledby="visits-title">
        <h3 id="visits-title">Visits</h3>
        <VisitList patientId={id} />
      </section>
    </article>
  );
}

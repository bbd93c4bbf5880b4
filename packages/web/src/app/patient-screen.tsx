import { ConfirmButton } from '../components/confirm-button.js';
import { deletePatient } from '../features/patients/api/delete-patient.js';
import { PatientDetails } from '../features/patients/components/patient-details.js';
import { PatientGone } from '../features/patients/components/patient-gone.js';
import { RefusalNotice } from '../features/patients/components/refusal-notice.js';
import { RemoveFromDevice } from '../features/patients/components/remove-from-device.js';
import { usePatientRecord } from '../features/patients/hooks/use-patient-record.js';
import { usePatientRefusals } from '../features/patients/hooks/use-patient-refusals.js';
import { useSyncController } from '../features/sync/hooks/use-sync-controller.js';
import { useSyncState } from '../features/sync/hooks/use-sync-state.js';
import { VisitList } from '../features/visits/components/visit-list.js';
import { useDevice } from '../lib/device-context.js';
import { navigate, routeHref } from './router.js';

/**
 * The patient's record: demographics, visits with their events, vitals,
 * problems, prescriptions, appointments; why the server refused a change of
 * it; and, when a sync took the patient off this device, why.
 */
export function PatientScreen({ id }: { readonly id: string }) {
  const { store } = useDevice();
  const controller = useSyncController();
  const { rejected } = useSyncState(controller);
  const { data: record, error } = usePatientRecord(id);
  const { data: refusals = [] } = usePatientRefusals(id, rejected);

  if (error) return <p role="alert">{error}</p>;
  if (record === undefined) return <p>Loading…</p>;
  if (record === null) {
    return (
      <PatientGone
        id={id}
        patientsHref={routeHref({ name: 'patients' })}
        searchHref={(search) => routeHref({ name: 'patients', search })}
      />
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
          <RemoveFromDevice id={id} name={name} syncNow={() => controller.syncNow()} />
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
      <RefusalNotice reasons={refusals} />
      <p className="muted">Id {patient.id}</p>
      <PatientDetails record={record} />
      <section aria-labelledby="visits-title">
        <h3 id="visits-title">Visits</h3>
        <VisitList patientId={id} />
      </section>
    </article>
  );
}

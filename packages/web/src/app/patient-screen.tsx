import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const { store } = useDevice();
  const controller = useSyncController();
  const { rejected } = useSyncState(controller);
  const { data: record, error } = usePatientRecord(id);
  const { data: refusals = [] } = usePatientRefusals(id, rejected);

  if (error) return <p role="alert">{error}</p>;
  if (record === undefined) return <p>{t('common.loading')}</p>;
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
  const name =
    `${patient.given_name ?? ''} ${patient.surname ?? ''}`.trim() || t('common.unnamedPatient');
  return (
    <article aria-labelledby="patient-name">
      <p>
        <a href={routeHref({ name: 'patients' })}>
          <span className="back-arrow" aria-hidden="true">
            ←
          </span>{' '}
          {t('common.patients')}
        </a>
      </p>
      <div className="heading-row">
        <h2 id="patient-name">{name}</h2>
        <div className="actions">
          <a className="button" href={routeHref({ name: 'new-visit', id })}>
            {t('patient.newVisit')}
          </a>
          <a className="button secondary" href={routeHref({ name: 'edit-patient', id })}>
            {t('patient.edit')}
          </a>
          <RemoveFromDevice id={id} name={name} syncNow={() => controller.syncNow()} />
          <ConfirmButton
            label={t('patient.delete')}
            question={t('patient.deleteQuestion', { name })}
            confirmLabel={t('patient.delete')}
            onConfirm={async () => {
              await deletePatient(store, id);
              navigate({ name: 'patients' });
            }}
          />
        </div>
      </div>
      <RefusalNotice reasons={refusals} />
      <p className="muted">
        {t('patient.id')} <bdi dir="ltr">{patient.id}</bdi>
      </p>
      <PatientDetails record={record} />
      <section aria-labelledby="visits-title">
        <h3 id="visits-title">{t('patient.visits')}</h3>
        <VisitList patientId={id} />
      </section>
    </article>
  );
}

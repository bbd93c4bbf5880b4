import type { LocalStore, RecordOf } from '@clinicsync/client';

export interface PatientRecord {
  readonly patient: RecordOf<'patients'>;
  readonly attributes: RecordOf<'patient_additional_attributes'>[];
  readonly vitals: RecordOf<'patient_vitals'>[];
  readonly problems: RecordOf<'patient_problems'>[];
  readonly prescriptions: RecordOf<'prescriptions'>[];
  readonly appointments: RecordOf<'appointments'>[];
}

/** The patient with demographics' extras, vitals, problems, prescriptions and appointments; null if gone. */
export async function getPatientRecord(
  store: LocalStore,
  id: string,
): Promise<PatientRecord | null> {
  const patient = await store.find('patients', id);
  if (!patient) return null;
  const where = { patient_id: id };
  const [attributes, vitals, problems, prescriptions, appointments] = await Promise.all([
    store.query('patient_additional_attributes', { where }),
    store.query('patient_vitals', {
      where,
      orderBy: [{ column: 'timestamp', direction: 'desc' }],
      limit: 20,
    }),
    store.query('patient_problems', { where, limit: 50 }),
    store.query('prescriptions', {
      where,
      orderBy: [{ column: 'prescribed_at', direction: 'desc' }],
      limit: 20,
    }),
    store.query('appointments', {
      where,
      orderBy: [{ column: 'timestamp', direction: 'desc' }],
      limit: 20,
    }),
  ]);
  return { patient, attributes, vitals, problems, prescriptions, appointments };
}

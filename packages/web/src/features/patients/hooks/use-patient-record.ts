import type { LocalStore } from '@clinicsync/client';
import { useCallback } from 'react';
import { useLiveQuery } from '../../../hooks/use-live-query.js';
import type { LiveQueryState } from '../../../hooks/use-live-query.js';
import { getPatientRecord } from '../api/get-patient-record.js';
import type { PatientRecord } from '../api/get-patient-record.js';

const recordTables = [
  'patients',
  'patient_additional_attributes',
  'patient_vitals',
  'patient_problems',
  'prescriptions',
  'appointments',
] as const;

/**
 * The patient with attributes, vitals, problems, prescriptions and
 * appointments, kept current; `data` is null when the device has no such patient.
 *
 * @example
 * const { data: record } = usePatientRecord(id);
 */
export function usePatientRecord(id: string): LiveQueryState<PatientRecord | null> {
  const read = useCallback((store: LocalStore) => getPatientRecord(store, id), [id]);
  return useLiveQuery(recordTables, read);
}

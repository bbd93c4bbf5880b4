import type { LocalStore } from '@clinicsync/client';
import { useCallback } from 'react';
import { useLiveQuery } from '../../../hooks/use-live-query.js';
import type { LiveQueryState } from '../../../hooks/use-live-query.js';
import { getPatientDeparture } from '../api/get-patient-departure.js';
import type { PatientDeparture } from '../api/get-patient-departure.js';

// A departure is written in the same transaction as the patient's removal.
const patientTables = ['patients'] as const;

/**
 * The patient's departure from this device (a sync removed them), or null, kept current.
 *
 * @example
 * const { data: departure } = usePatientDeparture(id);
 */
export function usePatientDeparture(id: string): LiveQueryState<PatientDeparture | null> {
  const read = useCallback((store: LocalStore) => getPatientDeparture(store, id), [id]);
  return useLiveQuery(patientTables, read);
}

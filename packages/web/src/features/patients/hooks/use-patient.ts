import type { LocalStore } from '@clinicsync/client';
import { useCallback } from 'react';
import { useLiveQuery } from '../../../hooks/use-live-query.js';
import type { LiveQueryState } from '../../../hooks/use-live-query.js';
import { getPatient } from '../api/get-patient.js';
import type { Patient } from '../api/search-patients.js';

const patientTables = ['patients'] as const;

/**
 * The patient, kept current; `data` is null when the device has none.
 *
 * @example
 * const { data: patient } = usePatient(id);
 */
export function usePatient(id: string): LiveQueryState<Patient | null> {
  const read = useCallback((store: LocalStore) => getPatient(store, id), [id]);
  return useLiveQuery(patientTables, read);
}

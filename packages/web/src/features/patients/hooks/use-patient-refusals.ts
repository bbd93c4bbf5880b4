import type { LocalStore, RejectedRecord } from '@clinicsync/client';
import { useCallback } from 'react';
import { useLiveQuery } from '../../../hooks/use-live-query.js';
import type { LiveQueryState } from '../../../hooks/use-live-query.js';
import { getPatientRefusals } from '../api/get-patient-refusals.js';

const chartTables = [
  'patients',
  'visits',
  'events',
  'patient_additional_attributes',
  'patient_vitals',
  'patient_problems',
  'prescriptions',
  'appointments',
] as const;

/**
 * The server's reasons for refusing, in the last sync, a record of this
 * patient's chart (`rejected` from the sync controller).
 *
 * @example
 * const { data: reasons = [] } = usePatientRefusals(id, syncState.rejected);
 */
export function usePatientRefusals(
  id: string,
  rejected: readonly RejectedRecord[],
): LiveQueryState<string[]> {
  const read = useCallback(
    (store: LocalStore) => getPatientRefusals(store, id, rejected),
    [id, rejected],
  );
  return useLiveQuery(chartTables, read);
}

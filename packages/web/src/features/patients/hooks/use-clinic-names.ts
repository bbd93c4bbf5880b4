import { useLiveQuery } from '../../../hooks/use-live-query.js';
import type { LiveQueryState } from '../../../hooks/use-live-query.js';
import { getClinicNames } from '../api/get-clinic-names.js';

const clinicTables = ['clinics'] as const;

/**
 * Clinic names by id, kept current.
 *
 * @example
 * const { data: clinics = {} } = useClinicNames();
 */
export function useClinicNames(): LiveQueryState<Record<string, string>> {
  return useLiveQuery(clinicTables, getClinicNames);
}

import type { LocalStore } from '@clinicsync/client';
import { useCallback } from 'react';
import { useLiveQuery } from '../../../hooks/use-live-query.js';
import type { LiveQueryState } from '../../../hooks/use-live-query.js';
import { getVisits } from '../api/get-visits.js';
import type { VisitWithEvents } from '../api/get-visits.js';

const visitTables = ['visits', 'events'] as const;

/**
 * The patient's visits with their events, newest first, kept current.
 *
 * @example
 * const { data: visits, error } = useVisits(patientId);
 */
export function useVisits(patientId: string): LiveQueryState<VisitWithEvents[]> {
  const read = useCallback((store: LocalStore) => getVisits(store, patientId), [patientId]);
  return useLiveQuery(visitTables, read);
}

import type { LocalStore } from '@clinicsync/client';
import { useCallback } from 'react';
import { useDebouncedValue } from '../../../hooks/use-debounced-value.js';
import { useLiveQuery } from '../../../hooks/use-live-query.js';
import type { LiveQueryState } from '../../../hooks/use-live-query.js';
import { searchPatients } from '../api/search-patients.js';
import type { Patient } from '../api/search-patients.js';

const patientTables = ['patients'] as const;
const typingPauseMs = 120;

/**
 * The patients matching `text` (name, phone or id; the latest changed ones
 * for no text), kept current. The search waits for a pause in typing; an
 * emptied box shows the latest patients at once.
 *
 * @example
 * const { data: patients, error } = usePatientSearch(text);
 */
export function usePatientSearch(text: string): LiveQueryState<Patient[]> {
  const query = useDebouncedValue(text, text === '' ? 0 : typingPauseMs);
  const read = useCallback((store: LocalStore) => searchPatients(store, query), [query]);
  return useLiveQuery(patientTables, read);
}

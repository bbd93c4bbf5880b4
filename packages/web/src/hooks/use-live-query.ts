import type { LocalStore } from '@clinicsync/client';
import type { TableName } from '@clinicsync/schema';
import { useEffect, useState } from 'react';
import { useDevice } from '../lib/device-context.js';

export interface LiveQueryState<R> {
  /** The latest result; undefined until the first read finishes. */
  readonly data: R | undefined;
  /** The last read's failure in words, or null. */
  readonly error: string | null;
}

/**
 * The result of `read` on the local database, kept current by the store's
 * `watch`: read again after every committed change to `tables`, at most one
 * read at a time; a sync's pull is heard once, when it ends (a first sync of
 * 43 pages reads twice), and writes made on this device at once. A new
 * `read` starts over; until it answers, the previous result stays on screen.
 *
 * `tables` must keep its identity (a module constant), and `read` changes
 * only when what it reads does (`useCallback`).
 *
 * @example
 * const visitTables = ['visits', 'events'] as const;
 * function useVisits(patientId: string) {
 *   const read = useCallback((store: LocalStore) => getVisits(store, patientId), [patientId]);
 *   return useLiveQuery(visitTables, read); // { data, error }
 * }
 */
export function useLiveQuery<R>(
  tables: readonly TableName[],
  read: (store: LocalStore) => Promise<R>,
): LiveQueryState<R> {
  const { store } = useDevice();
  const [data, setData] = useState<R | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () =>
      store.watch(
        tables,
        read,
        (result) => {
          setData(() => result);
          setError(null);
        },
        (failure) => setError(failure instanceof Error ? failure.message : String(failure)),
      ),
    [store, tables, read],
  );

  return { data, error };
}

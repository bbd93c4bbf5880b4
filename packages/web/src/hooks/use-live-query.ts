import type { LocalStore } from '@clinicsync/client';
import type { TableName } from '@clinicsync/schema';
import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useDevice } from '../lib/device-context.js';
import { watchLiveQuery } from '../lib/live-query.js';
import type { LiveQuery } from '../lib/live-query.js';
import { PullActivityContext } from '../lib/pull-activity.js';

export interface LiveQueryState<R> {
  /** The latest result; undefined until the first read finishes. */
  readonly data: R | undefined;
  /** The last read's failure in words, or null. */
  readonly error: string | null;
  /** Reads again now, even while a sync is pulling (after a write made on this screen). */
  readonly refresh: () => void;
}

/**
 * The result of `read` on the local database, kept current: read again
 * after every committed change to `tables` (writes on this device and
 * pulled pages), at most once at a time, and while a sync is pulling only
 * once the pull is over (see `watchLiveQuery`). A new `read` starts over;
 * until it answers, the previous result stays on screen.
 *
 * `tables` must keep its identity (a module constant), and `read` changes
 * only when what it reads does (`useCallback`).
 *
 * @example
 * const visitTables = ['visits', 'events'] as const;
 * function useVisits(patientId: string) {
 *   const read = useCallback((store: LocalStore) => getVisits(store, patientId), [patientId]);
 *   return useLiveQuery(visitTables, read); // { data, error, refresh }
 * }
 */
export function useLiveQuery<R>(
  tables: readonly TableName[],
  read: (store: LocalStore) => Promise<R>,
): LiveQueryState<R> {
  const { store } = useDevice();
  const pulls = useContext(PullActivityContext);
  const [data, setData] = useState<R | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const query = useRef<LiveQuery | null>(null);

  useEffect(() => {
    const live = watchLiveQuery({
      store,
      tables,
      read,
      pulls,
      onResult: (result) => {
        setData(() => result);
        setError(null);
      },
      onError: (failure) => setError(failure instanceof Error ? failure.message : String(failure)),
    });
    query.current = live;
    return () => {
      live.stop();
      if (query.current === live) query.current = null;
    };
  }, [store, pulls, tables, read]);

  const refresh = useCallback(() => query.current?.refresh(), []);
  return { data, error, refresh };
}

import { useLiveQuery } from '../../../hooks/use-live-query.js';
import type { LiveQueryState } from '../../../hooks/use-live-query.js';
import { countPending, pushedTables } from '../api/count-pending.js';

/**
 * How many records wait to be pushed, kept current.
 *
 * @example
 * const { data: pending } = usePendingCount();
 */
export function usePendingCount(): LiveQueryState<number> {
  return useLiveQuery(pushedTables, countPending);
}

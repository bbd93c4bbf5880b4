import type { LocalStore } from '@clinicsync/client';
import { useCallback } from 'react';
import { useLiveQuery } from '../../../hooks/use-live-query.js';
import type { LiveQueryState } from '../../../hooks/use-live-query.js';
import { getDevicePresence } from '../api/device-presence.js';
import type { DevicePresence } from '../api/device-presence.js';

// Follows and unfollows are heard as changes of `patients` (the SDK says so).
const patientTables = ['patients'] as const;

/**
 * Which of `ids` are on this device, and which this device added, kept
 * current as syncs bring and take patients. `key` is `ids` joined, so the
 * read changes only when the ids do.
 *
 * @example
 * const { data: presence } = useDevicePresence(found.map((p) => p.id));
 */
export function useDevicePresence(ids: readonly string[]): LiveQueryState<DevicePresence> {
  const key = ids.join('\n');
  const read = useCallback(
    (store: LocalStore) => getDevicePresence(store, key === '' ? [] : key.split('\n')),
    [key],
  );
  return useLiveQuery(patientTables, read);
}

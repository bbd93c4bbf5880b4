import { useCallback, useSyncExternalStore } from 'react';
import type { SyncController, SyncState } from '../api/sync-controller.js';

/**
 * The controller's state, re-rendering on every change.
 *
 * @example
 * const { online, syncing, error } = useSyncState(controller);
 */
export function useSyncState(controller: SyncController): SyncState {
  const subscribe = useCallback(
    (listener: () => void) => controller.subscribe(listener),
    [controller],
  );
  const snapshot = useCallback(() => controller.state, [controller]);
  return useSyncExternalStore(subscribe, snapshot);
}

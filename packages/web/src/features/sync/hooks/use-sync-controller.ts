import { createContext, useContext } from 'react';
import type { SyncController } from '../api/sync-controller.js';

export const SyncControllerContext = createContext<SyncController | null>(null);

/**
 * The signed-in device's sync controller; only inside the signed-in app.
 *
 * @example
 * const controller = useSyncController();
 * await controller.syncNow();
 */
export function useSyncController(): SyncController {
  const controller = useContext(SyncControllerContext);
  if (controller === null) throw new Error('useSyncController outside of SyncControllerContext');
  return controller;
}

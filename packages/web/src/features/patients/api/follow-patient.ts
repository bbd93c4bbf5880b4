import type { SyncEngine } from '@clinicsync/client';

/**
 * "Add to this device": the server adds the patient to the user's scope,
 * and the sync that follows brings the whole chart.
 */
export async function addToDevice(
  engine: SyncEngine,
  id: string,
  syncNow: () => Promise<void>,
): Promise<void> {
  await engine.followPatient(id);
  await syncNow();
}

/**
 * "Remove from this device": the chart leaves one sync after the next
 * (PROTOCOL.md, "Scope"), so two syncs: the first pushes any edit of the
 * chart still waiting here, the second takes the chart off the device.
 */
export async function removeFromDevice(
  engine: SyncEngine,
  id: string,
  syncNow: () => Promise<void>,
): Promise<void> {
  await engine.unfollowPatient(id);
  await syncNow();
  await syncNow();
}

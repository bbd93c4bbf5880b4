import type { LocalStore } from '@clinicsync/client';

/** Of some patients, those on this device, and those this device added with "Add to this device". */
export interface DevicePresence {
  readonly onDevice: ReadonlySet<string>;
  readonly followed: ReadonlySet<string>;
}

export async function getDevicePresence(
  store: LocalStore,
  ids: readonly string[],
): Promise<DevicePresence> {
  const [present, followed] = await Promise.all([
    ids.length === 0
      ? []
      : store.query('patients', { where: { id: { in: [...ids] } }, limit: ids.length }),
    store.followedPatients(),
  ]);
  return {
    onDevice: new Set(present.map((p) => p.id)),
    followed: new Set(followed.map((f) => f.id)),
  };
}

import type { LocalStore } from '@clinicsync/client';
import { syncedTables } from '@clinicsync/schema';
import type { TableName } from '@clinicsync/schema';

/** The tables whose records are pushed (not the device-only ones). */
export const pushedTables: readonly TableName[] = syncedTables.map((t) => t.name as TableName);

/** Records waiting to be pushed, all tables together. */
export async function countPending(store: LocalStore): Promise<number> {
  const counts = await store.unsyncedCounts();
  return Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
}

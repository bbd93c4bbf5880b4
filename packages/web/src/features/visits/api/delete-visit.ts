import type { LocalStore } from '@clinicsync/client';

/** Deletes a visit and its events on this device; the server cascades to the rest. */
export async function deleteVisit(store: LocalStore, visitId: string): Promise<void> {
  const events = await store.query('events', { where: { visit_id: visitId } });
  await store.transaction(async (tx) => {
    for (const event of events) await tx.delete('events', event.id);
    await tx.delete('visits', visitId);
  });
}

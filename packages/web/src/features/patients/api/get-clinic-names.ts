import type { LocalStore } from '@clinicsync/client';

/** Every clinic's name by id, from the local clinics table (every device holds every clinic). */
export async function getClinicNames(store: LocalStore): Promise<Record<string, string>> {
  const clinics = await store.query('clinics');
  return Object.fromEntries(clinics.map((c) => [c.id, c.name ?? c.id]));
}

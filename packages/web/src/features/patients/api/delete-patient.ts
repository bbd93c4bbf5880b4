import type { LocalStore } from '@clinicsync/client';

/** Deletes the patient; the server deletes the patient's records with it and they arrive at the next sync. */
export function deletePatient(store: LocalStore, id: string): Promise<void> {
  return store.delete('patients', id);
}

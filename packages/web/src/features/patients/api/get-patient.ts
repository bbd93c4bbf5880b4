import type { LocalStore } from '@clinicsync/client';
import type { Patient } from './search-patients.js';

/** The patient, or null when this device has no such patient (or it is deleted). */
export function getPatient(store: LocalStore, id: string): Promise<Patient | null> {
  return store.find('patients', id);
}

import type { LocalStore, PatientDeparture } from '@clinicsync/client';

export type { PatientDeparture };

/** Why the patient is not on this device any more, when a sync removed them; null otherwise. */
export function getPatientDeparture(
  store: LocalStore,
  id: string,
): Promise<PatientDeparture | null> {
  return store.departedPatient(id);
}

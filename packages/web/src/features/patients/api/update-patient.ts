import type { LocalStore, SignedInUser } from '@clinicsync/client';
import type { FieldValue, FormField } from '../../../lib/form-fields.js';
import { patientChanges } from './patient-values.js';
import type { Patient } from './search-patients.js';

/**
 * Saves the columns the clinician changed (only those: an unchanged column
 * is not marked, so another device's edit of it is not overwritten).
 */
export async function updatePatient(
  store: LocalStore,
  user: SignedInUser,
  patient: Patient,
  fields: readonly FormField[],
  values: Readonly<Record<string, FieldValue>>,
): Promise<Patient> {
  const all = patientChanges(fields, values) as Record<string, string>;
  const current = patient as unknown as Record<string, unknown>;
  const changed = Object.fromEntries(
    Object.entries(all).filter(([column, value]) => (current[column] ?? '') !== value),
  );
  if (Object.keys(changed).length === 0) return patient;
  return store.update('patients', patient.id, { ...changed, last_modified_by: user.id });
}

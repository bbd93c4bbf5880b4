import type { LocalStore } from '@clinicsync/client';
import type { SignedInUser } from '@clinicsync/client';
import type { FieldValue, FormField } from '../../../lib/form-fields.js';
import type { Patient } from './search-patients.js';
import { attributeValues, isPatientColumn, patientChanges } from './patient-values.js';

/**
 * Registers a patient from the registration form's answers: the base fields
 * fill the patient, the others become additional attributes; all in one
 * local transaction, pushed at the next sync.
 */
export function registerPatient(
  store: LocalStore,
  user: SignedInUser,
  fields: readonly FormField[],
  values: Readonly<Record<string, FieldValue>>,
): Promise<Patient> {
  return store.transaction(async (tx) => {
    const patient = await tx.create('patients', {
      ...patientChanges(fields, values),
      primary_clinic_id: user.clinic_id,
      last_modified_by: user.id,
      additional_data: '{}',
      metadata: '{}',
    });
    for (const field of fields) {
      if (isPatientColumn(field)) continue;
      const attribute = attributeValues(field, values[field.id] ?? '');
      if (attribute) {
        await tx.create('patient_additional_attributes', {
          ...attribute,
          patient_id: patient.id,
          metadata: '{}',
          last_modified: Date.now(),
        });
      }
    }
    return patient;
  });
}

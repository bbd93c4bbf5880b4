import type { LocalStore, RecordOf, SignedInUser } from '@clinicsync/client';
import { storedValue } from '../../../lib/form-fields.js';
import type { FieldValue, FormField } from '../../../lib/form-fields.js';
import type { EventForm } from './get-event-forms.js';

/**
 * Records a visit now with one event filled from `form`: `form_data` is
 * Hikma's list of `{fieldId, fieldType, inputType, name, value}`, as JSON text.
 */
export function recordVisit(
  store: LocalStore,
  user: SignedInUser,
  patientId: string,
  form: EventForm,
  fields: readonly FormField[],
  values: Readonly<Record<string, FieldValue>>,
): Promise<RecordOf<'visits'>> {
  const formData = fields.map((field) => ({
    fieldId: field.id,
    fieldType: field.fieldType,
    inputType: field.inputType,
    name: field.storedLabel,
    value: storedValue(field, values[field.id] ?? ''),
  }));
  return store.transaction(async (tx) => {
    const visit = await tx.create('visits', {
      patient_id: patientId,
      clinic_id: user.clinic_id,
      provider_id: user.id,
      provider_name: user.name,
      check_in_timestamp: Date.now(),
      metadata: '{}',
    });
    await tx.create('events', {
      patient_id: patientId,
      visit_id: visit.id,
      form_id: form.id,
      event_type: form.name,
      form_data: JSON.stringify(formData),
      metadata: '{}',
      recorded_by_user_id: user.id,
    });
    return visit;
  });
}

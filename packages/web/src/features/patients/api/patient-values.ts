import type { RecordChanges } from '@clinicsync/client';
import { getTable } from '@clinicsync/schema';
import type { FieldValue, FormField } from '../../../lib/form-fields.js';

const patientColumns = new Set(getTable('patients').columns.map((c) => c.name));

/** Whether a registration field fills a column of the patients table (else an attribute). */
export function isPatientColumn(field: FormField): field is FormField & { column: string } {
  return field.column !== null && patientColumns.has(field.column);
}

/** The patients columns the form's answers fill. */
export function patientChanges(
  fields: readonly FormField[],
  values: Readonly<Record<string, FieldValue>>,
): RecordChanges<'patients'> {
  const changes: Record<string, string> = {};
  for (const field of fields) {
    if (!isPatientColumn(field)) continue;
    const value = values[field.id];
    changes[field.column] = typeof value === 'string' ? value.trim() : '';
  }
  return changes as RecordChanges<'patients'>;
}

/** An extra registration answer, as a `patient_additional_attributes` row's values. */
export function attributeValues(
  field: FormField,
  value: FieldValue,
): {
  attribute_id: string;
  attribute: string;
  string_value: string | null;
  number_value: number | null;
  date_value: number | null;
  boolean_value: boolean | null;
} | null {
  const text = Array.isArray(value) ? value.join(', ') : value.trim();
  if (text === '') return null;
  const base = {
    attribute_id: field.id,
    attribute: field.column ?? field.storedLabel,
    string_value: null,
    number_value: null,
    date_value: null,
    boolean_value: null,
  };
  if (field.kind === 'number') return { ...base, number_value: Number(text) };
  if (field.kind === 'date') return { ...base, date_value: Date.parse(text) };
  if (field.kind === 'boolean') return { ...base, boolean_value: text === 'true' };
  return { ...base, string_value: text };
}

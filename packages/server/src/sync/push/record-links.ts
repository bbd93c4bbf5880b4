import type { Table, TableName } from '@clinicsync/schema';
import { patientClinicColumns } from '../../scope/scope-spans.js';

/**
 * The column naming the clinic a record belongs to, where it has one of its
 * own (PROTOCOL.md, "Scope"): the columns that tie a patient to a clinic, and
 * a prescription item's clinic.
 */
export const ownClinicColumns: ReadonlyMap<TableName, string> = new Map<TableName, string>([
  ...patientClinicColumns,
  ['prescription_items', 'clinic_id'],
]);

/** Columns naming who wrote a record: a device may name only its own user there. */
export const authorColumns: readonly string[] = ['last_modified_by', 'recorded_by_user_id'];

/** The column naming the patient a record hangs under (a patient names itself). */
export function patientColumn(table: Table): string | undefined {
  if (table.name === 'patients') return 'id';
  return table.columnsByName.has('patient_id') ? 'patient_id' : undefined;
}

/**
 * The stored columns that judging a write of `table` reads: its patient, its
 * own clinic, its visit, its provider and its authors (those the table has).
 */
export function linkColumns(table: Table): string[] {
  const wanted = [
    'patient_id',
    ownClinicColumns.get(table.name),
    'visit_id',
    'provider_id',
    ...authorColumns,
  ];
  return wanted.filter((c): c is string => c !== undefined && table.columnsByName.has(c));
}

/** A text value as judging compares it: null and absent are the empty string. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

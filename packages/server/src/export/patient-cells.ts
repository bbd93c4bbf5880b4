import type { AttributeColumn, ExportedPatient } from './read-patients.js';

/** The patients' own columns, in export order: the schema's names, and the clinic's name. */
const patientColumns = [
  'id',
  'given_name',
  'surname',
  'date_of_birth',
  'sex',
  'phone',
  'citizenship',
  'hometown',
  'camp',
  'government_id',
  'external_patient_id',
  'primary_clinic_id',
  'clinic',
  'photo_url',
  'additional_data',
  'created_at',
  'updated_at',
  'last_modified_by',
] as const;

const timeColumns: ReadonlySet<string> = new Set(['created_at', 'updated_at']);

/** One cell as text: times as ISO 8601 (UTC), absent values as ''. */
function cellOf(patient: ExportedPatient, column: (typeof patientColumns)[number]): string {
  if (column === 'clinic') return patient.clinicName ?? '';
  const value = patient.row[column];
  if (value === null || value === undefined) return '';
  if (timeColumns.has(column) && typeof value === 'number') return new Date(value).toISOString();
  return String(value);
}

/**
 * The header of a patients export: the patients' columns, then one per
 * additional attribute, named by the attribute (with its id where two share
 * a name, or one takes a patient column's name).
 */
export function headerRow(attributes: readonly AttributeColumn[]): string[] {
  const taken = new Set<string>(patientColumns);
  const counts = new Map<string, number>();
  for (const a of attributes) counts.set(a.name, (counts.get(a.name) ?? 0) + 1);
  return [
    ...patientColumns,
    ...attributes.map((a) =>
      taken.has(a.name) || counts.get(a.name)! > 1 || a.name === ''
        ? `${a.name} (${a.id})`
        : a.name,
    ),
  ];
}

/** One patient's cells, in the order of `headerRow(attributes)`. */
export function patientRow(
  patient: ExportedPatient,
  attributes: readonly AttributeColumn[],
): string[] {
  return [
    ...patientColumns.map((c) => cellOf(patient, c)),
    ...attributes.map((a) => patient.attributes[a.id] ?? ''),
  ];
}

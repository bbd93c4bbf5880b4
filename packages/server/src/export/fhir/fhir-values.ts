import type { AnyWireRow } from '@clinicsync/schema';

/** A FHIR resource as JSON: its type and id, and whatever else it holds. */
export interface FhirResource {
  readonly resourceType: string;
  readonly id: string;
  readonly [element: string]: unknown;
}

/** How one FHIR resource type is read: its table, and the resources one row gives. */
export interface FhirSource {
  /** The table read (a clinical table under patients). */
  readonly table: 'patients' | 'visits' | 'patient_vitals' | 'patient_problems' | 'prescriptions';
  /** Extra SQL selected beside the wire row, as `extra` (a JSON text), over alias `t`. */
  readonly extraSql?: string;
  toResources(row: AnyWireRow, extra: unknown): FhirResource[];
}

/** A wire time (epoch ms) as a FHIR dateTime/instant, or undefined when unset. */
export function instant(value: unknown): string | undefined {
  return typeof value === 'number' && value > 0 ? new Date(value).toISOString() : undefined;
}

/** A non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A finite number, or undefined. */
export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `{reference: 'Patient/<id>'}` and the like; undefined without an id. */
export function reference(type: string, id: unknown): { reference: string } | undefined {
  const value = text(id);
  return value === undefined ? undefined : { reference: `${type}/${value}` };
}

/** `meta.lastUpdated` from a row's `updated_at`. */
export function metaOf(row: AnyWireRow): { lastUpdated: string } | undefined {
  const at = instant(row['updated_at']);
  return at === undefined ? undefined : { lastUpdated: at };
}

/** Drops the undefined members, so a resource never carries an empty element. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

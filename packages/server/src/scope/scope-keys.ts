import type { Table } from '@clinicsync/schema';

/**
 * What decides whether a row of a table is in a user's scope: the patient it
 * belongs to (clinical rows), a clinic (departments, inventory), the user row
 * itself, the event form itself, or the pulling user (their own permission
 * rows). Tables without a key (clinics, registration forms, app config, the
 * drug catalogue) go to everyone.
 */
export type KeyKind = 'patient' | 'clinic' | 'user' | 'form' | 'self';

export interface ScopeKey {
  readonly kind: KeyKind;
  /** The column of the table holding the key. */
  readonly column: string;
}

const serverManagedKeys: Readonly<Record<string, ScopeKey>> = {
  users: { kind: 'user', column: 'id' },
  user_clinic_permissions: { kind: 'self', column: 'user_id' },
  event_forms: { kind: 'form', column: 'id' },
  clinic_departments: { kind: 'clinic', column: 'clinic_id' },
  clinic_inventory: { kind: 'clinic', column: 'clinic_id' },
};

/** The scope key of `table`, or undefined when every user receives all of it. */
export function scopeKeyOf(table: Table): ScopeKey | undefined {
  if (table.sync === 'device_writable') {
    return { kind: 'patient', column: table.name === 'patients' ? 'id' : 'patient_id' };
  }
  return serverManagedKeys[table.name];
}

/**
 * The columns of clinical rows naming the user who wrote them: those users'
 * rows travel with the records (a device shows who recorded what).
 */
export const authorColumns: readonly { readonly table: string; readonly column: string }[] = [
  { table: 'patients', column: 'last_modified_by' },
  { table: 'visits', column: 'provider_id' },
  { table: 'events', column: 'recorded_by_user_id' },
  { table: 'appointments', column: 'provider_id' },
  { table: 'appointments', column: 'user_id' },
  { table: 'prescriptions', column: 'provider_id' },
  { table: 'prescriptions', column: 'filled_by' },
  { table: 'patient_vitals', column: 'recorded_by_user_id' },
  { table: 'patient_problems', column: 'recorded_by_user_id' },
  { table: 'prescription_items', column: 'recorded_by_user_id' },
  { table: 'dispensing_records', column: 'dispensed_by' },
];

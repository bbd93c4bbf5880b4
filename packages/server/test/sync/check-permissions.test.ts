import { permissionFlags, syncedTables } from '@clinicsync/schema';
import type { PermissionFlag, TableName } from '@clinicsync/schema';
import { describe, expect, it } from 'vitest';
import { flagsAllowing, permits } from '../../src/sync/push/check-permissions.js';
import type { Operation } from '../../src/sync/push/check-permissions.js';
import type { Flags } from '../../src/scope/user-scope.js';

const noFlags = Object.fromEntries(permissionFlags.map((f) => [f, false])) as Flags;
const allFlags = Object.fromEntries(permissionFlags.map((f) => [f, true])) as Flags;
const only = (flag: PermissionFlag): Flags => ({ ...noFlags, [flag]: true });

const deviceWritable = syncedTables.filter((t) => t.sync === 'device_writable').map((t) => t.name);
const operations: readonly Operation[] = ['create', 'edit', 'delete'];

/** The rule, as PROTOCOL.md and docs/api.md state it: which flag allows what, where ('all': every table). */
const grants: readonly [PermissionFlag, Operation, readonly TableName[] | 'all'][] = [
  ['can_register_patients', 'create', ['patients', 'patient_additional_attributes']],
  ['can_prescribe_medications', 'create', ['prescriptions', 'prescription_items']],
  ['can_dispense_medications', 'create', ['dispensing_records']],
  ['can_edit_records', 'create', 'all'],
  ['can_edit_records', 'edit', 'all'],
  ['can_delete_records', 'delete', 'all'],
  ['can_delete_patient_records', 'delete', ['patients']],
  ['can_delete_patient_visits', 'delete', ['visits']],
];

function granted(flag: PermissionFlag, operation: Operation, table: TableName): boolean {
  return grants.some(
    ([f, op, tables]) =>
      f === flag && op === operation && (tables === 'all' || tables.includes(table)),
  );
}

describe('the write rule', () => {
  it('names the tables it speaks of, so a renamed table cannot slip through', () => {
    for (const [, , tables] of grants) {
      if (tables !== 'all') for (const t of tables) expect(deviceWritable).toContain(t);
    }
  });

  it('with every flag, every operation on every device_writable table is allowed', () => {
    for (const table of deviceWritable) {
      for (const op of operations)
        expect(permits(allFlags, table, op), `${op} ${table}`).toBe(true);
    }
  });

  it('with no flag, nothing is allowed', () => {
    for (const table of deviceWritable) {
      for (const op of operations)
        expect(permits(noFlags, table, op), `${op} ${table}`).toBe(false);
    }
  });

  describe.each(permissionFlags)('%s alone', (flag) => {
    it.each(operations)('allows %s exactly where the rule grants it', (op) => {
      const allowed = deviceWritable.filter((t) => permits(only(flag), t, op));
      expect(allowed).toEqual(deviceWritable.filter((t) => granted(flag, op, t)));
    });
  });

  it('flags that never allow a write (viewing, reports, clinic admin) allow none', () => {
    for (const flag of [
      'can_view_history',
      'is_clinic_admin',
      'can_download_patient_reports',
      'can_edit_other_provider_event',
    ] as const) {
      for (const op of operations) {
        expect(deviceWritable.filter((t) => permits(only(flag), t, op))).toEqual([]);
      }
    }
  });

  it('lists the flags a refusal is about, the specific one where there is one', () => {
    expect(flagsAllowing('patients', 'create')).toEqual([
      'can_register_patients',
      'can_edit_records',
    ]);
    expect(flagsAllowing('events', 'create')).toEqual(['can_edit_records']);
    expect(flagsAllowing('visits', 'delete')).toEqual([
      'can_delete_records',
      'can_delete_patient_visits',
    ]);
    expect(flagsAllowing('patients', 'edit')).toEqual(['can_edit_records']);
  });
});

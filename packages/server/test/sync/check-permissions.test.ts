import { getTable, syncedTables } from '@clinicsync/schema';
import type { PushedTableChanges, TableName } from '@clinicsync/schema';
import { makeRow } from '@clinicsync/testing/fixtures';
import { describe, expect, it } from 'vitest';
import { filterPermitted } from '../../src/sync/push/check-permissions.js';
import type { PushPermissions } from '../../src/sync/push/check-permissions.js';

type Flag = keyof PushPermissions;
type Operation = 'create' | 'update' | 'delete';

const noFlags: PushPermissions = {
  can_register_patients: false,
  can_edit_records: false,
  can_delete_records: false,
  can_delete_patient_visits: false,
  can_delete_patient_records: false,
  can_prescribe_medications: false,
  can_dispense_medications: false,
};
const flags = Object.keys(noFlags) as Flag[];
const allFlags = Object.fromEntries(flags.map((f) => [f, true])) as unknown as PushPermissions;

function only(flag: Flag): PushPermissions {
  return { ...noFlags, [flag]: true };
}

const deviceWritable = syncedTables.filter((t) => t.sync === 'device_writable').map((t) => t.name);
const serverManaged = syncedTables.filter((t) => t.sync === 'server_managed').map((t) => t.name);

/** One record of `operation` on `table`, with id `<table>-<operation>`. */
function push(table: TableName, operation: Operation): PushedTableChanges {
  const record = { row: makeRow(table, { id: `${table}-${operation}` }), changed: null };
  return {
    table: getTable(table),
    created: operation === 'create' ? [record] : [],
    updated: operation === 'update' ? [record] : [],
    deleted: operation === 'delete' ? [`${table}-${operation}`] : [],
  };
}

/** The rule, as a table: which flag allows which operation, on which tables ('all': every one). */
const grants: readonly [Flag, Operation, readonly TableName[] | 'all'][] = [
  ['can_register_patients', 'create', ['patients', 'patient_additional_attributes']],
  ['can_prescribe_medications', 'create', ['prescriptions', 'prescription_items']],
  ['can_dispense_medications', 'create', ['dispensing_records']],
  ['can_edit_records', 'create', 'all'],
  ['can_edit_records', 'update', 'all'],
  ['can_delete_records', 'delete', 'all'],
  ['can_delete_patient_records', 'delete', ['patients']],
  ['can_delete_patient_visits', 'delete', ['visits']],
];

function granted(flag: Flag, operation: Operation, table: TableName): boolean {
  return grants.some(
    ([f, op, tables]) =>
      f === flag && op === operation && (tables === 'all' || tables.includes(table)),
  );
}

describe('filterPermitted', () => {
  it('names the tables the rule speaks of, so a renamed table cannot slip through', () => {
    for (const [, , tables] of grants) {
      if (tables !== 'all') for (const t of tables) expect(deviceWritable).toContain(t);
    }
    expect(serverManaged.length).toBeGreaterThan(0);
  });

  it.each(serverManaged)('%s is server_managed: refused to everyone, with its reason', (table) => {
    const result = filterPermitted(
      [push(table, 'create'), push(table, 'update'), push(table, 'delete')],
      allFlags,
    );
    expect(result.accepted).toEqual([]);
    expect(result.refusals).toEqual(
      (['create', 'update', 'delete'] as const).map((op) => ({
        table,
        id: `${table}-${op}`,
        reason: 'this table is managed on the server; change it through the administration',
      })),
    );
  });

  it('with every flag, every record of every device_writable table is accepted as pushed', () => {
    const pushes = deviceWritable.flatMap((t) => [
      push(t, 'create'),
      push(t, 'update'),
      push(t, 'delete'),
    ]);
    const result = filterPermitted(pushes, allFlags);
    expect(result.refusals).toEqual([]);
    expect(result.accepted).toEqual(pushes);
  });

  it('with no flag, everything is refused with the missing right as the reason', () => {
    const result = filterPermitted(
      deviceWritable.flatMap((t) => [push(t, 'create'), push(t, 'update'), push(t, 'delete')]),
      noFlags,
    );
    expect(result.accepted).toEqual([]);
    expect(result.refusals).toEqual(
      deviceWritable.flatMap((table) => [
        {
          table,
          id: `${table}-create`,
          reason:
            table === 'patients'
              ? 'no permission to register patients'
              : 'no permission to edit records',
        },
        { table, id: `${table}-update`, reason: 'no permission to edit records' },
        { table, id: `${table}-delete`, reason: 'no permission to delete records' },
      ]),
    );
  });

  describe.each(flags)('%s alone', (flag) => {
    it.each(['create', 'update', 'delete'] as const)(
      'allows %s exactly where the rule grants it',
      (op) => {
        const result = filterPermitted(
          deviceWritable.map((t) => push(t, op)),
          only(flag),
        );
        const allowed = deviceWritable.filter((t) => granted(flag, op, t));
        expect(result.accepted.map((c) => c.table.name)).toEqual(allowed);
        expect(result.refusals.map((r) => r.table)).toEqual(
          deviceWritable.filter((t) => !allowed.includes(t)),
        );
      },
    );
  });

  it('can_edit_records lets a user create a patient without the right to register', () => {
    const result = filterPermitted([push('patients', 'create')], only('can_edit_records'));
    expect(result.refusals).toEqual([]);
  });

  it('keeps the accepted records of a table and lists each refused one, in push order', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((id) => ({
      row: makeRow('patients', { id }),
      changed: null,
    }));
    const result = filterPermitted(
      [{ table: getTable('patients'), created: [a!, b!], updated: [c!], deleted: ['d', 'e'] }],
      only('can_register_patients'),
    );
    expect(result.accepted).toEqual([
      { table: getTable('patients'), created: [a, b], updated: [], deleted: [] },
    ]);
    expect(result.refusals).toEqual([
      { table: 'patients', id: 'c', reason: 'no permission to edit records' },
      { table: 'patients', id: 'd', reason: 'no permission to delete records' },
      { table: 'patients', id: 'e', reason: 'no permission to delete records' },
    ]);
  });

  it('leaves out a table with nothing accepted and keeps the order of the others', () => {
    const result = filterPermitted(
      [push('patients', 'create'), push('visits', 'create'), push('events', 'update')],
      only('can_register_patients'),
    );
    expect(result.accepted.map((c) => c.table.name)).toEqual(['patients']);
    expect(result.refusals.map((r) => r.id)).toEqual(['visits-create', 'events-update']);
  });
});

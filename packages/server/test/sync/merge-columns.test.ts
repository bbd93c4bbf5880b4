import { defaultValue, getTable, syncedTables } from '@clinicsync/schema';
import type { AnyWireRow, PushedRecord } from '@clinicsync/schema';
import { makeRow } from '@clinicsync/testing/fixtures';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeRow, mergeRecord } from '../../src/sync/write/merge-columns.js';
import type { OtherWrite } from '../../src/sync/write/merge-columns.js';

const patients = getTable('patients');
const server = makeRow('patients', {
  id: 'p1',
  given_name: 'Amina',
  surname: 'Haddad',
  phone: '',
  camp: null,
  updated_at: 1_700_000_000_000,
});
const bob: OtherWrite = { userId: 'bob', deviceId: 'bob-tablet', version: 12 };
const nobody = new Map<string, OtherWrite>();

function record(row: AnyWireRow, changed: readonly string[] | null = null): PushedRecord {
  return { row, changed };
}

describe('completeRow', () => {
  it("fills every column the device left out with WatermelonDB's default", () => {
    const row = completeRow(patients, { id: 'p9', given_name: 'Layla' });
    expect(Object.keys(row).sort()).toEqual(['id', ...patients.columns.map((c) => c.name)].sort());
    for (const column of patients.columns) {
      if (column.name === 'given_name') continue;
      expect(row[column.name], column.name).toBe(defaultValue(column));
    }
    expect(row).toMatchObject({ id: 'p9', given_name: 'Layla', surname: '', camp: null });
    expect(row).toMatchObject({ is_deleted: false, created_at: 0 });
  });

  it('keeps a pushed null and a pushed empty string as sent, over any default', () => {
    const row = completeRow(patients, { id: 'p9', camp: '', photo_url: null, surname: 'Nasser' });
    expect(row).toMatchObject({ camp: '', photo_url: null, surname: 'Nasser' });
  });

  it('keeps only columns of the table', () => {
    const row = completeRow(patients, { id: 'p9', not_a_column: 'x' });
    expect(row).not.toHaveProperty('not_a_column');
  });
});

describe('mergeRecord', () => {
  it('a record the server does not have is a create over the defaults', () => {
    const outcome = mergeRecord(
      patients,
      record({ id: 'p9', given_name: 'Layla' }),
      undefined,
      nobody,
    );
    expect(outcome).toEqual({
      kind: 'create',
      row: completeRow(patients, { id: 'p9', given_name: 'Layla' }),
    });
  });

  it('an update writes only the columns in _changed; other sent columns keep the server value', () => {
    const pushed = { ...server, given_name: 'Aminah', surname: 'Stale', phone: '555' };
    const outcome = mergeRecord(patients, record(pushed, ['given_name', 'phone']), server, nobody);
    expect(outcome).toEqual({
      kind: 'update',
      row: { ...server, given_name: 'Aminah', phone: '555' },
      before: { given_name: 'Amina', phone: '' },
      after: { given_name: 'Aminah', phone: '555' },
      conflicts: [],
    });
  });

  it('without _changed every column sent is written, and columns not sent keep the server value', () => {
    const outcome = mergeRecord(
      patients,
      record({ id: 'p1', given_name: 'Aminah', surname: 'Nasser' }),
      server,
      nobody,
    );
    expect(outcome).toEqual({
      kind: 'update',
      row: { ...server, given_name: 'Aminah', surname: 'Nasser' },
      before: { given_name: 'Amina', surname: 'Haddad' },
      after: { given_name: 'Aminah', surname: 'Nasser' },
      conflicts: [],
    });
  });

  it('a column named in _changed but not sent is not written', () => {
    const outcome = mergeRecord(
      patients,
      record({ id: 'p1', given_name: 'Aminah' }, ['given_name', 'surname']),
      server,
      nobody,
    );
    expect(outcome.kind === 'update' && outcome.after).toEqual({ given_name: 'Aminah' });
    expect(outcome.kind === 'update' && outcome.row['surname']).toBe('Haddad');
  });

  it('a value equal to the server value is not a write, so a replayed push is unchanged', () => {
    expect(mergeRecord(patients, record({ ...server }), server, nobody)).toEqual({
      kind: 'unchanged',
    });
    const outcome = mergeRecord(
      patients,
      record({ ...server, given_name: 'Aminah' }, ['given_name', 'surname']),
      server,
      nobody,
    );
    expect(outcome.kind === 'update' && outcome.before).toEqual({ given_name: 'Amina' });
  });

  it('null and the empty string are different values', () => {
    const toEmpty = mergeRecord(patients, record({ id: 'p1', camp: '' }), server, nobody);
    expect(toEmpty.kind === 'update' && [toEmpty.before, toEmpty.after]).toEqual([
      { camp: null },
      { camp: '' },
    ]);
    const toNull = mergeRecord(patients, record({ id: 'p1', phone: null }), server, nobody);
    expect(toNull.kind === 'update' && toNull.after).toEqual({ phone: null });
  });

  it('a written column someone else changed is a conflict: the device value applied, the other reported', () => {
    const outcome = mergeRecord(
      patients,
      record({ ...server, phone: '555' }, ['phone']),
      { ...server, phone: '777' },
      new Map([['phone', bob]]),
    );
    expect(outcome.kind === 'update' && outcome.row['phone']).toBe('555');
    expect(outcome.kind === 'update' && outcome.conflicts).toEqual([
      { column: 'phone', applied: '555', replaced: '777', replacedBy: bob },
    ]);
  });

  it('a column someone else changed is no conflict when the device does not change it', () => {
    const others = new Map([
      ['phone', bob],
      ['surname', bob],
    ]);
    const outcome = mergeRecord(
      patients,
      record({ ...server, given_name: 'Aminah', surname: 'Haddad' }, ['given_name', 'surname']),
      server,
      others,
    );
    expect(outcome.kind === 'update' && outcome.conflicts).toEqual([]);
  });

  it.each(['updated_at', 'last_modified', 'last_modified_by'])(
    'the stamp column %s is merged and logged but never a conflict',
    (column) => {
      const table = getTable('app_config');
      const current = makeRow('app_config', { id: 'c1', last_modified_by: 'bob' });
      const value = column === 'last_modified_by' ? 'alice' : 1_800_000_000_000;
      const outcome = mergeRecord(
        table,
        record({ id: 'c1', [column]: value, value: 'on' }),
        current,
        new Map([
          [column, bob],
          ['value', bob],
        ]),
      );
      expect(outcome.kind === 'update' && outcome.after).toEqual({ [column]: value, value: 'on' });
      expect(outcome.kind === 'update' && outcome.conflicts.map((c) => c.column)).toEqual([
        'value',
      ]);
    },
  );
});

describe('mergeRecord, whatever is pushed', () => {
  const wireValue = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const table = fc.constantFrom(...syncedTables);
  const scenario = table.chain((t) => {
    const names = t.columns.map((c) => c.name);
    const row = fc.record(Object.fromEntries(names.map((n) => [n, wireValue])));
    return fc.record({
      table: fc.constant(t),
      current: fc.option(row, { nil: undefined }),
      sent: fc
        .subarray(names)
        .chain((sent) => fc.record(Object.fromEntries(sent.map((n) => [n, wireValue])))),
      changed: fc.option(fc.subarray(names), { nil: null }),
      others: fc.subarray(names),
    });
  });

  it('merging the same record again, against the first result, is unchanged', () => {
    fc.assert(
      fc.property(scenario, ({ table, current, sent, changed, others }) => {
        const pushed = record({ ...sent, id: 'r1' } as AnyWireRow, changed);
        const othersChanged = new Map(others.map((name) => [name, bob]));
        const base = current && ({ ...current, id: 'r1' } as AnyWireRow);
        const first = mergeRecord(table, pushed, base, othersChanged);
        const result = first.kind === 'unchanged' ? base : first.row;
        expect(mergeRecord(table, pushed, result, othersChanged)).toEqual({ kind: 'unchanged' });
      }),
    );
  });
});

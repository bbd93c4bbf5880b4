import { sampleValue } from '@clinicsync/testing/fixtures';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultValue } from '../check-value.js';
import { getTable, syncedTables, syncedTablesParentFirst } from '../model.js';
import type { Table } from '../model.js';
import { validatePush } from '../validate-push.js';
import { pushChangeSetSchemas } from './change-set.js';
import { pushBody } from './push-body.js';

const { bare: pushChangeSet, wrapped: wrappedPushChangeSet } = pushChangeSetSchemas();

type WireValue = string | number | boolean | null;

/** A full row of `table`: every column at its default (`n` 0) or a sample value. */
function fullRow(table: Table, id: string, n = 0): Record<string, WireValue> {
  const row: Record<string, WireValue> = { id };
  for (const column of table.columns) {
    row[column.name] = n === 0 ? defaultValue(column) : sampleValue(column, n);
  }
  return row;
}

/** Every synced table with a create (defaults), an update (samples, `_changed`) and a delete. */
function everyTable(): Record<string, unknown> {
  return Object.fromEntries(
    syncedTables.map((table) => {
      const updated = fullRow(table, `${table.name}-2`, 2);
      return [
        table.name,
        {
          created: [{ ...fullRow(table, `${table.name}-1`), _status: 'created', _changed: '' }],
          updated: [{ ...updated, _status: 'updated', _changed: table.columns[0]?.name ?? '' }],
          deleted: [`${table.name}-3`],
        },
      ];
    }),
  );
}

describe('pushBody', () => {
  it('reads a valid bare body into a ValidatedPush, tables parents first', () => {
    const visit = fullRow(getTable('visits'), 'v1', 1);
    const patient = fullRow(getTable('patients'), 'p1', 1);
    const pushed = pushBody.parse({
      visits: { created: [visit] },
      patients: { updated: [{ ...patient, _changed: 'given_name,surname' }], deleted: ['p2'] },
    });
    expect(pushed.lastPulledAt).toBeNull();
    expect(pushed.tables.map((t) => t.table.name)).toEqual(['patients', 'visits']);
    const [patients, visits] = pushed.tables;
    expect(patients?.updated).toEqual([{ row: patient, changed: ['given_name', 'surname'] }]);
    expect(patients?.deleted).toEqual(['p2']);
    expect(visits?.created).toEqual([{ row: visit, changed: null }]);
  });

  it('reads a wrapped body with its lastPulledAt', () => {
    const pushed = pushBody.parse({
      changes: { patients: { deleted: ['p1'] } },
      lastPulledAt: 1_700_000_000_000,
    });
    expect(pushed.lastPulledAt).toBe(1_700_000_000_000);
    expect(pushed.tables).toHaveLength(1);
  });

  it('gives every table of a body with every synced table, parents first', () => {
    const pushed = pushBody.parse(everyTable());
    expect(pushed.tables.map((t) => t.table.name)).toEqual(
      syncedTablesParentFirst.map((t) => t.name),
    );
  });

  it('leaves device_only tables out: they never leave the device', () => {
    const pushed = pushBody.parse({
      event_logs: { created: [{ id: 'l1' }] },
      patients: { deleted: ['p1'] },
    });
    expect(pushed.tables.map((t) => t.table.name)).toEqual(['patients']);
  });

  it('refuses an invalid body with one issue: the code invalid_push and every problem', () => {
    const body = {
      patients: { created: [{ id: 'p1', is_deleted: 'no', surname: 7 }] },
      lab_results: { created: [] },
    };
    const result = pushBody.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    const [issue] = result.error?.issues ?? [];
    const expected = validatePush(body);
    expect(expected.ok).toBe(false);
    expect(issue).toMatchObject({
      code: 'custom',
      message: 'The push was refused whole; nothing was written.',
      params: { code: 'invalid_push', details: { problems: !expected.ok && expected.problems } },
    });
    expect(!expected.ok && expected.problems.map((p) => p.column ?? p.table)).toEqual([
      'is_deleted',
      'surname',
      'lab_results',
    ]);
  });

  it('refuses a body that is not an object of changes', () => {
    for (const body of [null, [], 'patients', 3]) {
      const issue = pushBody.safeParse(body).error?.issues[0];
      expect(issue).toMatchObject({ params: { code: 'invalid_push' } });
    }
  });
});

/** Whether validatePush, the bare schema and the wrapped schema accept `changes`. */
function verdicts(changes: Record<string, unknown>) {
  return {
    validatePush: [validatePush(changes).ok, validatePush({ changes, lastPulledAt: 5 }).ok],
    documented: [
      pushChangeSet.safeParse(changes).success,
      wrappedPushChangeSet.safeParse({ changes, lastPulledAt: 5 }).success,
    ],
  };
}

describe('validatePush and the documented pushChangeSet agree', () => {
  const accepted = { validatePush: [true, true], documented: [true, true] };
  const refused = { validatePush: [false, false], documented: [false, false] };

  it('on a body with every synced table, full rows at defaults and at sample values', () => {
    expect(verdicts(everyTable())).toEqual(accepted);
  });

  it.each(syncedTables.map((t) => [t.name, t] as const))(
    'on %s rows with any subset of the columns, in any list',
    (_name, table) => {
      const names = table.columns.map((c) => c.name);
      fc.assert(
        fc.property(
          fc.subarray(names),
          fc.subarray(names),
          fc.constantFrom('created', 'updated'),
          fc.integer({ min: 0, max: 9 }),
          (sent, changed, list, n) => {
            const full = fullRow(table, 'r1', n);
            const row = Object.fromEntries([['id', 'r1'], ...sent.map((c) => [c, full[c]])]);
            const raw = { ...row, _status: list, _changed: changed.join(',') };
            expect(verdicts({ [table.name]: { [list]: [raw] } })).toEqual(accepted);
          },
        ),
        { numRuns: 25 },
      );
    },
  );

  it('on a body with lists left out', () => {
    expect(verdicts({ patients: {}, visits: { deleted: ['v1'] } })).toEqual(accepted);
  });

  it('on an unknown table', () => {
    expect(verdicts({ lab_results: { created: [{ id: 'l1' }] } })).toEqual(refused);
  });

  it('on an unknown column', () => {
    const row = { ...fullRow(getTable('patients'), 'p1'), favourite_colour: 'blue' };
    expect(verdicts({ patients: { created: [row] } })).toEqual(refused);
  });

  it('on an unknown list', () => {
    expect(verdicts({ patients: { created: [], archived: [] } })).toEqual(refused);
  });

  it.each([
    ['a string in a boolean column', 'is_deleted', 'false'],
    ['a number in a text column', 'surname', 7],
    ['null in a required column', 'given_name', null],
    ['a fractional time', 'created_at', 1.5],
    ['a time after the year 9999', 'created_at', 253_402_300_800_000],
    ['a date in another format', 'date_of_birth', '29/02/1988'],
    ['an object in a JSON column', 'metadata', { a: 1 }],
  ])('on %s', (_case, column, value) => {
    const row = { ...fullRow(getTable('patients'), 'p1'), [column]: value };
    expect(verdicts({ patients: { created: [row] } })).toEqual(refused);
  });

  it.each([
    ['an id with a space', { created: [{ id: 'p 1' }] }],
    ['a deleted id that is a number', { deleted: [7] }],
    ['created that is not a list', { created: { id: 'p1' } }],
  ])('on %s', (_case, lists) => {
    expect(verdicts({ patients: lists })).toEqual(refused);
  });

  it('on a negative lastPulledAt', () => {
    const changes = { patients: { deleted: ['p1'] } };
    expect(validatePush({ changes, lastPulledAt: -1 }).ok).toBe(false);
    expect(wrappedPushChangeSet.safeParse({ changes, lastPulledAt: -1 }).success).toBe(false);
  });
});

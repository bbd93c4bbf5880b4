import { getTable } from '@clinicsync/schema';
import type { AnyWireRow, PushedRecord, PushedTableChanges, TableName } from '@clinicsync/schema';
import { makeRow } from '@clinicsync/testing/fixtures';
import { describe, expect, it } from 'vitest';
import type { RowsByTable } from '../../src/sync/write/collect-cascade.js';
import type { OtherWrite } from '../../src/sync/write/merge-columns.js';
import { planWrite, withCascade, writtenRows } from '../../src/sync/write/plan-write.js';
import type { CurrentRow } from '../../src/sync/write/read-current-rows.js';
import type { TableInputs, WriteInputs } from '../../src/sync/write/read-write-inputs.js';

// Rows, pushes and server state are built by hand: planning is pure, so no
// database is needed to state its rules.

function pushed(row: AnyWireRow, changed: readonly string[] | null = null): PushedRecord {
  return { row, changed };
}

function changesOf(
  name: TableName,
  lists: { created?: PushedRecord[]; updated?: PushedRecord[]; deleted?: string[] },
): PushedTableChanges {
  return {
    table: getTable(name),
    created: lists.created ?? [],
    updated: lists.updated ?? [],
    deleted: lists.deleted ?? [],
  };
}

/** The server's copy of `row`, last written by bob's tablet at version 7. */
function onServer(row: AnyWireRow, deleted = false): CurrentRow {
  return { row, deleted, version: 7, writtenBy: 'bob', writtenDevice: 'bob-tablet' };
}

function tableInputs(parts: {
  current?: CurrentRow[];
  deletedParents?: [TableName, string[]][];
  otherWrites?: [string, [string, OtherWrite][]][];
}): TableInputs {
  return {
    current: new Map((parts.current ?? []).map((c) => [c.row.id, c])),
    deletedParents: new Map(
      (parts.deletedParents ?? []).map(([table, ids]) => [table, new Set(ids)]),
    ),
    otherWrites: new Map((parts.otherWrites ?? []).map(([id, columns]) => [id, new Map(columns)])),
  };
}

function inputsOf(...tables: [TableName, TableInputs][]): WriteInputs {
  return new Map(tables);
}

function rowsByTable(...tables: [TableName, AnyWireRow[]][]): RowsByTable {
  return new Map(tables.map(([name, rows]) => [name, new Map(rows.map((r) => [r.id, r]))]));
}

const patient = makeRow('patients', { id: 'p1', given_name: 'Amina', surname: 'Haddad' });

describe('planWrite: creates and edits', () => {
  it('a record the server does not have is a create over the defaults, counted and logged', () => {
    const partial: AnyWireRow = { id: 'p9', given_name: 'Layla' };
    const plan = planWrite([changesOf('patients', { created: [pushed(partial)] })], new Map());

    const [upsert] = plan.upserts.get('patients') ?? [];
    expect(upsert?.deleted).toBe(false);
    expect(Object.keys(upsert?.row ?? {}).sort()).toEqual(
      ['id', ...getTable('patients').columns.map((c) => c.name)].sort(),
    );
    expect(upsert?.row).toMatchObject({
      id: 'p9',
      given_name: 'Layla',
      surname: '',
      camp: null,
      is_deleted: false,
      created_at: 0,
    });
    expect(plan.counts).toEqual({ patients: { created: 1, updated: 0, deleted: 0 } });
    expect(plan.history).toEqual([
      { table_name: 'patients', row_id: 'p9', op: 'create', before: null, after: upsert?.row },
    ]);
    expect(plan.conflicts).toEqual([]);
    expect(plan.deletes.size).toBe(0);
  });

  it('an edit of a live row writes only its changed columns and logs them before and after', () => {
    const edit = pushed({ ...patient, given_name: 'Aminah', surname: 'Ignored' }, ['given_name']);
    const plan = planWrite(
      [changesOf('patients', { updated: [edit] })],
      inputsOf(['patients', tableInputs({ current: [onServer(patient)] })]),
    );

    expect(plan.upserts.get('patients')).toEqual([
      { row: { ...patient, given_name: 'Aminah' }, deleted: false },
    ]);
    expect(plan.counts).toEqual({ patients: { created: 0, updated: 1, deleted: 0 } });
    expect(plan.history).toEqual([
      {
        table_name: 'patients',
        row_id: 'p1',
        op: 'update',
        before: { given_name: 'Amina' },
        after: { given_name: 'Aminah' },
      },
    ]);
    expect(plan.conflicts).toEqual([]);
  });

  it('a create the server already has (a retried push) is merged as an update', () => {
    const retried = pushed({ ...patient, phone: '+961 1 234 567' });
    const plan = planWrite(
      [changesOf('patients', { created: [retried] })],
      inputsOf(['patients', tableInputs({ current: [onServer(patient)] })]),
    );
    expect(plan.counts).toEqual({ patients: { created: 0, updated: 1, deleted: 0 } });
    expect(plan.history.map((h) => [h.op, h.before, h.after])).toEqual([
      ['update', { phone: '' }, { phone: '+961 1 234 567' }],
    ]);
  });

  it('a replayed push changes nothing: no upsert, no history, no count, no row written', () => {
    const plan = planWrite(
      [changesOf('patients', { created: [pushed(patient)], updated: [pushed(patient)] })],
      inputsOf(['patients', tableInputs({ current: [onServer(patient)] })]),
    );
    expect(plan.upserts.size).toBe(0);
    expect(plan.history).toEqual([]);
    expect(plan.counts).toEqual({});
    expect(writtenRows(plan)).toBe(0);
  });

  it('a column someone else wrote since the device pulled is a conflict entry naming them', () => {
    const bobWrote: OtherWrite = { userId: 'bob', deviceId: 'bob-tablet', version: 12 };
    const edit = pushed({ ...patient, phone: '111', updated_at: 1_800_000_000_000 }, [
      'phone',
      'updated_at',
    ]);
    const plan = planWrite(
      [changesOf('patients', { updated: [edit] })],
      inputsOf([
        'patients',
        tableInputs({
          current: [onServer({ ...patient, phone: '222' })],
          otherWrites: [
            [
              'p1',
              [
                ['phone', bobWrote],
                ['updated_at', bobWrote],
              ],
            ],
          ],
        }),
      ]),
    );
    expect(plan.conflicts).toEqual([
      {
        table_name: 'patients',
        row_id: 'p1',
        column_name: 'phone',
        kind: 'column',
        applied_value: '111',
        replaced_value: '222',
        replaced_by: 'bob',
        replaced_device: 'bob-tablet',
        replaced_version: 12,
      },
    ]);
    expect(plan.upserts.get('patients')?.[0]?.row).toMatchObject({ phone: '111' });
  });

  it('keeps the upserts per table in the order the tables and records are pushed', () => {
    const visit = makeRow('visits', { id: 'v1', patient_id: 'p1' });
    const second = makeRow('patients', { id: 'p2' });
    const plan = planWrite(
      [
        changesOf('patients', { created: [pushed(patient), pushed(second)] }),
        changesOf('visits', { created: [pushed(visit)] }),
      ],
      new Map(),
    );
    expect([...plan.upserts.keys()]).toEqual(['patients', 'visits']);
    expect(plan.upserts.get('patients')?.map((u) => u.row.id)).toEqual(['p1', 'p2']);
    expect(writtenRows(plan)).toBe(3);
  });
});

describe('planWrite: delete wins', () => {
  it('an edit of a deleted row stays deleted and is logged as row_deleted', () => {
    const edit = pushed({ ...patient, given_name: 'Aminah' }, ['given_name']);
    const plan = planWrite(
      [changesOf('patients', { updated: [edit] })],
      inputsOf(['patients', tableInputs({ current: [onServer(patient, true)] })]),
    );
    expect(plan.upserts.size).toBe(0);
    expect(plan.deletes.size).toBe(0);
    expect(plan.history).toEqual([]);
    expect(plan.counts).toEqual({});
    expect(plan.conflicts).toEqual([
      {
        table_name: 'patients',
        row_id: 'p1',
        column_name: null,
        kind: 'row_deleted',
        applied_value: edit.row,
        replaced_value: null,
        replaced_by: 'bob',
        replaced_device: 'bob-tablet',
        replaced_version: 7,
      },
    ]);
  });

  it('a child pushed under a parent deleted on the server is kept as a tombstone and logged', () => {
    const visit: AnyWireRow = { id: 'v1', patient_id: 'p1', provider_name: 'Dr Saleh' };
    const plan = planWrite(
      [changesOf('visits', { created: [pushed(visit)] })],
      inputsOf(['visits', tableInputs({ deletedParents: [['patients', ['p1']]] })]),
    );
    const [upsert] = plan.upserts.get('visits') ?? [];
    expect(upsert?.deleted).toBe(true);
    expect(upsert?.row).toMatchObject({ id: 'v1', patient_id: 'p1', provider_name: 'Dr Saleh' });
    expect(upsert?.row['check_in_timestamp']).toBe(0);
    expect(plan.history).toEqual([
      { table_name: 'visits', row_id: 'v1', op: 'create', before: null, after: upsert?.row },
      { table_name: 'visits', row_id: 'v1', op: 'delete', before: upsert?.row, after: null },
    ]);
    expect(plan.conflicts).toEqual([
      expect.objectContaining({
        table_name: 'visits',
        row_id: 'v1',
        kind: 'row_deleted',
        applied_value: visit,
        replaced_by: null,
        replaced_device: null,
        replaced_version: null,
      }),
    ]);
    expect(plan.counts).toEqual({});
    expect(plan.deletes.size).toBe(0);
  });

  it('a child whose optional parent column is null has no parent to be orphaned by', () => {
    const vitals = makeRow('patient_vitals', { id: 'pv1', patient_id: 'p2', visit_id: null });
    const plan = planWrite(
      [changesOf('patient_vitals', { created: [pushed(vitals)] })],
      inputsOf(['patient_vitals', tableInputs({ deletedParents: [['patients', ['p1']]] })]),
    );
    expect(plan.upserts.get('patient_vitals')).toEqual([{ row: vitals, deleted: false }]);
    expect(plan.conflicts).toEqual([]);
  });

  it('a deleted parent of another table does not orphan a child that points elsewhere', () => {
    const visit = makeRow('visits', { id: 'v1', patient_id: 'p2' });
    const plan = planWrite(
      [changesOf('visits', { created: [pushed(visit)] })],
      inputsOf(['visits', tableInputs({ deletedParents: [['patients', ['p1']]] })]),
    );
    expect(plan.upserts.get('visits')).toEqual([{ row: visit, deleted: false }]);
    expect(plan.conflicts).toEqual([]);
  });

  it('a child pushed with the delete of its parent in the same write is kept as a tombstone', () => {
    const visit = makeRow('visits', { id: 'v1', patient_id: 'p1' });
    const plan = planWrite(
      [
        changesOf('patients', { deleted: ['p1'] }),
        changesOf('visits', { created: [pushed(visit)] }),
      ],
      inputsOf(
        ['patients', tableInputs({ current: [onServer(patient)] })],
        ['visits', tableInputs({})],
      ),
    );
    expect(plan.deletes).toEqual(rowsByTable(['patients', [patient]]));
    expect(plan.upserts.get('visits')).toEqual([{ row: visit, deleted: true }]);
    expect(plan.conflicts.map((c) => [c.table_name, c.row_id, c.kind])).toEqual([
      ['visits', 'v1', 'row_deleted'],
    ]);
  });

  it('a grandchild pushed under a child that becomes a tombstone in this write is a tombstone too', () => {
    // The visit is new, so readWriteInputs never looks it up as the event's
    // parent: only the plan knows it becomes a tombstone.
    const visit = makeRow('visits', { id: 'v1', patient_id: 'p1' });
    const event = makeRow('events', { id: 'e1', patient_id: 'p2', visit_id: 'v1' });
    const plan = planWrite(
      [
        changesOf('visits', { created: [pushed(visit)] }),
        changesOf('events', { created: [pushed(event)] }),
      ],
      inputsOf(
        ['visits', tableInputs({ deletedParents: [['patients', ['p1']]] })],
        ['events', tableInputs({})],
      ),
    );
    expect(plan.upserts.get('visits')).toEqual([{ row: visit, deleted: true }]);
    expect(plan.upserts.get('events')).toEqual([{ row: event, deleted: true }]);
    expect(plan.conflicts.map((c) => `${c.table_name}/${c.row_id}/${c.kind}`)).toEqual([
      'visits/v1/row_deleted',
      'events/e1/row_deleted',
    ]);
    expect(plan.history.map((h) => `${h.table_name}/${h.op}`)).toEqual([
      'visits/create',
      'visits/delete',
      'events/create',
      'events/delete',
    ]);
  });

  it('a child pushed under an edited row that stays deleted is a tombstone too', () => {
    const visit = makeRow('visits', { id: 'v1', patient_id: 'p1' });
    const event = makeRow('events', { id: 'e1', patient_id: 'p1', visit_id: 'v1' });
    const plan = planWrite(
      [
        changesOf('visits', { updated: [pushed({ ...visit, provider_name: 'Dr Saleh' })] }),
        changesOf('events', { created: [pushed(event)] }),
      ],
      inputsOf(
        ['visits', tableInputs({ current: [onServer(visit, true)] })],
        ['events', tableInputs({})],
      ),
    );
    expect(plan.upserts.has('visits')).toBe(false);
    expect(plan.upserts.get('events')).toEqual([{ row: event, deleted: true }]);
  });

  it('a live row found under a deleted parent is deleted, and a child pushed under it too', () => {
    const visit = makeRow('visits', { id: 'v1', patient_id: 'p1', provider_name: 'Dr Saleh' });
    const edit = pushed({ ...visit, provider_name: 'Dr Nasser' }, ['provider_name']);
    const event = makeRow('events', { id: 'e1', patient_id: 'p2', visit_id: 'v1' });
    const plan = planWrite(
      [changesOf('visits', { updated: [edit] }), changesOf('events', { created: [pushed(event)] })],
      inputsOf(
        [
          'visits',
          tableInputs({ current: [onServer(visit)], deletedParents: [['patients', ['p1']]] }),
        ],
        ['events', tableInputs({})],
      ),
    );
    // The server's row is deleted as it is; the pushed values only go to the log.
    expect(plan.deletes).toEqual(rowsByTable(['visits', [visit]]));
    expect(plan.upserts.has('visits')).toBe(false);
    expect(plan.upserts.get('events')).toEqual([{ row: event, deleted: true }]);
    expect(plan.conflicts[0]).toMatchObject({
      table_name: 'visits',
      row_id: 'v1',
      kind: 'row_deleted',
      applied_value: edit.row,
      replaced_by: 'bob',
      replaced_version: 7,
    });
    expect(writtenRows(plan)).toBe(2);
  });

  it('a pushed delete of a live row deletes the server row as it is', () => {
    const plan = planWrite(
      [changesOf('patients', { deleted: ['p1'] })],
      inputsOf(['patients', tableInputs({ current: [onServer(patient)] })]),
    );
    expect(plan.deletes).toEqual(rowsByTable(['patients', [patient]]));
    expect(plan.upserts.size).toBe(0);
    expect(writtenRows(plan)).toBe(1);
  });

  it('deletes of unknown or already deleted rows are ignored', () => {
    const plan = planWrite(
      [changesOf('patients', { deleted: ['p1', 'nobody'] })],
      inputsOf(['patients', tableInputs({ current: [onServer(patient, true)] })]),
    );
    expect(plan.deletes.size).toBe(0);
    expect(plan.history).toEqual([]);
    expect(plan.counts).toEqual({});
    expect(plan.conflicts).toEqual([]);
    expect(writtenRows(plan)).toBe(0);
  });
});

describe('withCascade', () => {
  const visit = makeRow('visits', { id: 'v1', patient_id: 'p1' });
  const event = makeRow('events', { id: 'e1', patient_id: 'p1', visit_id: 'v1' });

  it('deletes the cascaded rows too, with a delete entry and a count for every row', () => {
    const created = makeRow('patients', { id: 'p2' });
    const plan = planWrite(
      [changesOf('patients', { created: [pushed(created)], deleted: ['p1'] })],
      inputsOf(['patients', tableInputs({ current: [onServer(patient)] })]),
    );
    const full = withCascade(plan, rowsByTable(['visits', [visit]], ['events', [event]]));

    expect(full.deletes).toEqual(
      rowsByTable(['patients', [patient]], ['visits', [visit]], ['events', [event]]),
    );
    expect(full.counts).toEqual({
      patients: { created: 1, updated: 0, deleted: 1 },
      visits: { created: 0, updated: 0, deleted: 1 },
      events: { created: 0, updated: 0, deleted: 1 },
    });
    expect(full.history).toEqual([
      { table_name: 'patients', row_id: 'p2', op: 'create', before: null, after: created },
      { table_name: 'patients', row_id: 'p1', op: 'delete', before: patient, after: null },
      { table_name: 'visits', row_id: 'v1', op: 'delete', before: visit, after: null },
      { table_name: 'events', row_id: 'e1', op: 'delete', before: event, after: null },
    ]);
    expect(writtenRows(full)).toBe(4);
  });

  it('a row both deleted by the push and reached by the cascade is counted and logged once', () => {
    const plan = planWrite(
      [changesOf('patients', { deleted: ['p1'] }), changesOf('visits', { deleted: ['v1'] })],
      inputsOf(
        ['patients', tableInputs({ current: [onServer(patient)] })],
        ['visits', tableInputs({ current: [onServer(visit)] })],
      ),
    );
    const second = makeRow('visits', { id: 'v2', patient_id: 'p1' });
    const full = withCascade(plan, rowsByTable(['visits', [visit, second]], ['events', [event]]));
    expect(full.counts['visits']).toEqual({ created: 0, updated: 0, deleted: 2 });
    expect(full.history.filter((h) => h.row_id === 'v1')).toHaveLength(1);
    expect(writtenRows(full)).toBe(4);
  });

  it('leaves the plan it is given unchanged', () => {
    const plan = planWrite(
      [changesOf('patients', { created: [pushed(makeRow('patients'))], deleted: ['p1'] })],
      inputsOf(['patients', tableInputs({ current: [onServer(patient)] })]),
    );
    withCascade(plan, rowsByTable(['visits', [visit]]));
    expect(plan.counts).toEqual({ patients: { created: 1, updated: 0, deleted: 0 } });
    expect(plan.history).toHaveLength(1);
    expect(plan.deletes).toEqual(rowsByTable(['patients', [patient]]));
  });

  it('with nothing deleted, adds nothing', () => {
    const plan = planWrite([changesOf('patients', { created: [pushed(patient)] })], new Map());
    const full = withCascade(plan, new Map());
    expect(full.counts).toEqual(plan.counts);
    expect(full.history).toEqual(plan.history);
    expect(full.deletes.size).toBe(0);
  });
});

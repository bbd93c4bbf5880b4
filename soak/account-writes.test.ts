import { describe, expect, test } from 'vitest';
import { accountWrites } from './lib/account-writes.js';
import type { ConflictEntry, HistoryEntry, ServerRecords, Write } from './lib/account-writes.js';

// The soak's verdict is only as good as this check: each way of losing or
// duplicating a write must be caught, and each legitimate fate recognised.

let seq = 0;
const write = (
  device: string,
  kind: Write['kind'],
  id: string,
  values: Record<string, unknown> = {},
): Write => ({ seq, time: seq++, device, kind, table: 'patients', id, values });

let historyId = 0;
const entry = (
  op: HistoryEntry['op'],
  id: string,
  after: Record<string, unknown> | null,
): HistoryEntry => ({
  id: historyId,
  atMs: historyId++,
  table_name: 'patients',
  row_id: id,
  op,
  after,
});

function server(options: {
  live?: Record<string, Record<string, unknown>>;
  deleted?: string[];
  history?: HistoryEntry[];
  conflicts?: ConflictEntry[];
}): ServerRecords {
  return {
    live: new Map([
      [
        'patients',
        new Map(Object.entries(options.live ?? {}).map(([id, r]) => [id, { id, ...r }])),
      ],
    ]),
    deleted: new Map([['patients', new Set(options.deleted ?? [])]]),
    history: options.history ?? [],
    conflicts: options.conflicts ?? [],
  };
}

describe('accountWrites', () => {
  test('a value on the server, one replaced later in the history, one in the conflict log', () => {
    const writes = [
      write('a', 'create', 'p1', { given_name: 'Amina', camp: 'North' }),
      write('b', 'update', 'p1', { camp: 'South' }),
      write('c', 'update', 'p1', { given_name: 'Zoë' }),
    ];
    const { accounting, failures } = accountWrites(
      writes,
      server({
        live: { p1: { given_name: 'Amina', camp: 'East' } },
        history: [
          entry('create', 'p1', { id: 'p1', given_name: 'Amina', camp: 'North' }),
          entry('update', 'p1', { camp: 'South' }),
          entry('update', 'p1', { camp: 'East' }),
        ],
        conflicts: [
          {
            table_name: 'patients',
            row_id: 'p1',
            column_name: 'given_name',
            kind: 'column',
            applied_value: 'Amina',
            replaced_value: 'Zoë',
          },
        ],
      }),
    );
    expect(failures).toEqual([]);
    expect(accounting).toMatchObject({ onServer: 1, supersededInHistory: 2, inConflictLog: 1 });
  });

  test('a value found nowhere is lost', () => {
    const { accounting, failures } = accountWrites(
      [write('a', 'create', 'p2', { camp: 'North' }), write('b', 'update', 'p2', { camp: 'West' })],
      server({
        live: { p2: { camp: 'North' } },
        history: [entry('create', 'p2', { id: 'p2', camp: 'North' })],
      }),
    );
    expect(accounting.lost).toBe(1);
    expect(failures[0]).toMatch(/camp = "West" is neither on the server/);
  });

  test('a value applied and then changed with no later history entry is lost', () => {
    const { accounting } = accountWrites(
      [write('a', 'create', 'p3', { camp: 'North' })],
      server({
        live: { p3: { camp: 'Elsewhere' } },
        history: [entry('create', 'p3', { id: 'p3', camp: 'North' })],
      }),
    );
    expect(accounting.lost).toBe(1);
  });

  test('a delete that left the record live is lost; edits of a deleted record gave way to it', () => {
    const lostDelete = accountWrites([write('a', 'delete', 'p4')], server({ live: { p4: {} } }));
    expect(lostDelete.accounting.lost).toBe(1);

    const writes = [
      write('a', 'create', 'p5', { camp: 'North' }),
      write('melon', 'update', 'p5', { camp: 'X' }),
    ];
    const deleted = server({
      deleted: ['p5'],
      history: [entry('create', 'p5', { id: 'p5', camp: 'North' }), entry('delete', 'p5', null)],
    });
    const deleteWins = accountWrites(writes, deleted, new Set(['melon']));
    expect(deleteWins.failures).toEqual([]);
    expect(deleteWins.accounting).toMatchObject({ supersededInHistory: 1, supersededByDelete: 1 });
    // A client that sends overruled edits to the conflict log must have done so.
    expect(accountWrites(writes, deleted, new Set()).accounting.lost).toBe(1);
  });

  test('an edit of a deleted record without a delete in the history is lost', () => {
    const { accounting } = accountWrites(
      [write('a', 'update', 'p6', { camp: 'X' })],
      server({ deleted: ['p6'], history: [entry('create', 'p6', { id: 'p6', camp: 'Y' })] }),
      new Set(['a']),
    );
    expect(accounting.lost).toBe(1);
  });

  test('a refused record is accounted for only by its values in the conflict log as refused', () => {
    const refused = (id: string, values: Record<string, unknown>): ConflictEntry => ({
      table_name: 'patients',
      row_id: id,
      column_name: null,
      kind: 'refused',
      applied_value: { id, ...values },
      replaced_value: null,
    });
    const writes = [
      write('a', 'create', 'p10', { camp: 'Before' }),
      write('a', 'create', 'p11'),
      write('a', 'create', 'p9', { camp: 'Outside' }),
      write('b', 'update', 'p10', { camp: 'Moved' }),
      write('b', 'delete', 'p11'),
    ];
    const kept = server({
      live: { p10: { camp: 'Before' }, p11: {} },
      history: [
        entry('create', 'p10', { id: 'p10', camp: 'Before' }),
        entry('create', 'p11', { id: 'p11' }),
      ],
      conflicts: [
        refused('p9', { camp: 'Outside' }),
        refused('p10', { camp: 'Moved' }),
        refused('p11', { deleted: true }),
      ],
    });
    const { accounting, failures } = accountWrites(writes, kept);
    expect(failures).toEqual([]);
    expect(accounting).toMatchObject({ refusedInConflictLog: 2, deletesRefused: 1, lost: 0 });
    // Another value in the refused record, or no refused delete: lost.
    const other = server({
      live: { p10: { camp: 'Before' }, p11: {} },
      conflicts: [refused('p9', { camp: 'Elsewhere' }), refused('p10', { camp: 'Moved' })],
    });
    expect(accountWrites(writes, other).accounting.lost).toBe(2);
  });

  test('a write a stock device dropped when its record left the scope: only on such a device', () => {
    const writes = [
      write('a', 'create', 'p12', { camp: 'North' }),
      write('melon', 'update', 'p12', { camp: 'Gone' }),
      write('melon', 'delete', 'p12'),
    ];
    const live = server({
      live: { p12: { camp: 'North' } },
      history: [entry('create', 'p12', { id: 'p12', camp: 'North' })],
    });
    const left = (w: Write) => w.device === 'melon';
    const dropped = accountWrites(writes, live, new Set(['melon']), left);
    expect(dropped.failures).toEqual([]);
    expect(dropped.accounting).toMatchObject({ droppedOnLeaving: 1, supersededOnDevice: 1 });
    expect(accountWrites(writes, live, new Set(['melon']), () => false).accounting.lost).toBe(1);
    expect(accountWrites(writes, live, new Set(), left).accounting.lost).toBe(1);
  });

  test('a record created twice, or one no device created, is a duplicate', () => {
    const twice = accountWrites(
      [write('a', 'create', 'p7', { camp: 'N' })],
      server({
        live: { p7: { camp: 'N' }, stranger: { camp: 'N' } },
        history: [entry('create', 'p7', { camp: 'N' }), entry('create', 'p7', { camp: 'N' })],
      }),
    );
    expect(twice.accounting.duplicates).toBe(2);
    expect(twice.failures.join('\n')).toMatch(/created 2 times[\s\S]*stranger/);
  });

  test('a value the same device replaced before syncing needs no trace on the server', () => {
    const { accounting, failures } = accountWrites(
      [
        write('a', 'create', 'p8', { camp: 'draft' }),
        write('a', 'update', 'p8', { camp: 'final' }),
      ],
      server({
        live: { p8: { camp: 'final' } },
        history: [entry('create', 'p8', { id: 'p8', camp: 'final' })],
      }),
    );
    expect(failures).toEqual([]);
    expect(accounting).toMatchObject({ supersededOnDevice: 1, onServer: 1 });
  });
});

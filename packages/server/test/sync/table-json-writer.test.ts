import { pullAnswer } from '@clinicsync/schema';
import { describe, expect, it } from 'vitest';
import type { ChangeKind } from '../../src/sync/pull/pull-sql.js';
import { TableJsonWriter } from '../../src/sync/pull/table-json-writer.js';

type Run = readonly [ChangeKind, readonly string[]];

const row = (id: string) => JSON.stringify({ id, given_name: `name of ${id}` });

/** The text a writer produces for `runs`, as the pull writes it: each run, then end(). */
function write(name: string, runs: readonly Run[], leadingComma = false): string {
  const writer = new TableJsonWriter(name, leadingComma);
  return runs.map(([kind, rows]) => writer.rows(kind, rows)).join('') + writer.end();
}

/** The change set holding `tables`, wrapped as a pull answer: the JSON, and as the device parses it. */
function parsePulled(tables: readonly (readonly [string, readonly Run[]])[]) {
  const changes = tables.map(([name, runs], i) => write(name, runs, i > 0)).join('');
  const json = JSON.parse(`{"changes":{${changes}},"timestamp":1}`) as {
    changes: Record<string, object>;
  };
  return { json, answer: pullAnswer.parse(json) };
}

describe('TableJsonWriter', () => {
  it('writes nothing for a table no row arrived for', () => {
    const writer = new TableJsonWriter('patients', true);
    expect(writer.started).toBe(false);
    expect(writer.end()).toBe('');
  });

  it('is started once the first run is written', () => {
    const writer = new TableJsonWriter('patients', false);
    writer.rows('created', [row('a')]);
    expect(writer.started).toBe(true);
  });

  it('an empty run writes nothing, before or between rows', () => {
    expect(
      write('patients', [
        ['created', []],
        ['created', [row('a')]],
        ['created', []],
        ['created', [row('b')]],
      ]),
    ).toBe(`"patients":{"created":[${row('a')},${row('b')}],"updated":[],"deleted":[]}`);
    expect(write('patients', [['updated', []]])).toBe('');
  });

  it('created rows only: all three lists, the other two empty', () => {
    expect(write('patients', [['created', [row('a'), row('b')]]])).toBe(
      `"patients":{"created":[${row('a')},${row('b')}],"updated":[],"deleted":[]}`,
    );
  });

  it('updated rows only: an empty created list before them', () => {
    expect(write('patients', [['updated', [row('a')]]])).toBe(
      `"patients":{"created":[],"updated":[${row('a')}],"deleted":[]}`,
    );
  });

  it('deleted ids only: empty created and updated lists before them', () => {
    expect(write('patients', [['deleted', ['"a"', '"b"']]])).toBe(
      '"patients":{"created":[],"updated":[],"deleted":["a","b"]}',
    );
  });

  it('created then deleted: the skipped updated list is written empty between them', () => {
    expect(
      write('visits', [
        ['created', [row('a')]],
        ['deleted', ['"b"']],
      ]),
    ).toBe(`"visits":{"created":[${row('a')}],"updated":[],"deleted":["b"]}`);
  });

  it('several runs of one kind join into one list, comma-separated', () => {
    expect(
      write('events', [
        ['created', [row('a')]],
        ['created', [row('b'), row('c')]],
        ['updated', [row('d')]],
        ['updated', [row('e')]],
      ]),
    ).toBe(
      `"events":{"created":[${row('a')},${row('b')},${row('c')}],"updated":[${row('d')},${row('e')}],"deleted":[]}`,
    );
  });

  it('opens with a comma when another table was written before it', () => {
    expect(write('visits', [['deleted', ['"v"']]], true)).toBe(
      ',"visits":{"created":[],"updated":[],"deleted":["v"]}',
    );
  });

  it('the text of every run shape parses as a pull answer with all three lists as written', () => {
    const { json, answer } = parsePulled([
      ['patients', [['created', [row('p1'), row('p2')]]]],
      ['visits', [['updated', [row('v1')]]]],
      ['events', [['deleted', ['"e1"']]]],
      [
        'appointments',
        [
          ['created', [row('a1')]],
          ['deleted', ['"a2"']],
        ],
      ],
      [
        'prescriptions',
        [
          ['created', [row('r1')]],
          ['created', [row('r2')]],
          ['updated', [row('r3')]],
          ['deleted', ['"r4"']],
          ['deleted', ['"r5"']],
        ],
      ],
    ]);
    for (const lists of Object.values(json.changes)) {
      expect(Object.keys(lists)).toEqual(['created', 'updated', 'deleted']);
    }
    const ids = Object.fromEntries(
      Object.entries(answer.changes).map(([name, c]) => [
        name,
        [c.created.map((r) => r.id), c.updated.map((r) => r.id), c.deleted],
      ]),
    );
    expect(ids).toEqual({
      patients: [['p1', 'p2'], [], []],
      visits: [[], ['v1'], []],
      events: [[], [], ['e1']],
      appointments: [['a1'], [], ['a2']],
      prescriptions: [['r1', 'r2'], ['r3'], ['r4', 'r5']],
    });
  });
});

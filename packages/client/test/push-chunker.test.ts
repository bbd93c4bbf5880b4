import {
  getTable,
  syncedTablesParentFirst,
  validatePush,
  pushChangeSetSchemas,
} from '@clinicsync/schema';
import type { TableName } from '@clinicsync/schema';
import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalChange } from '../src/sync/fetch-local-changes.js';
import { PushChunker, pushBody } from '../src/sync/push-changes.js';

const lastPulledAt = 1_764_600_000_000;
const deviceWritable = syncedTablesParentFirst
  .filter((t) => t.sync === 'device_writable')
  .map((t) => t.name);

/** A pending record as fetchLocalChanges reads it: the raw with `_status`/`_changed`, or the id of a delete. */
function change(
  table: TableName,
  kind: LocalChange['kind'],
  values: Record<string, unknown> = {},
): LocalChange {
  const row = makeRow(table, values);
  const json =
    kind === 'deleted'
      ? JSON.stringify(row.id)
      : JSON.stringify(asPushed(row, kind, kind === 'updated' ? Object.keys(values) : []));
  return { table: getTable(table), kind, id: row.id, rev: 1, json };
}

/** The chunks `records` are pushed in, as pushAllChanges drives the chunker. */
function chunk(records: readonly LocalChange[], maxBytes: number): LocalChange[][] {
  const chunker = new PushChunker(maxBytes);
  const chunks: LocalChange[][] = [];
  for (const record of records) {
    const full = chunker.add(record);
    if (full) chunks.push(full);
  }
  const rest = chunker.take();
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}

const bytesOf = (records: readonly LocalChange[]) =>
  Buffer.byteLength(pushBody(records, lastPulledAt));

describe('pushBody', () => {
  it('realistic records of every device-writable table make a body the protocol accepts', () => {
    const records = deviceWritable.flatMap((table) => [
      change(table, 'created', { metadata: JSON.stringify({ source: 'تجربة 🩺' }) }),
      change(table, 'updated', { is_deleted: false }),
      change(table, 'deleted'),
    ]);
    const body: unknown = JSON.parse(pushBody(records, lastPulledAt));

    expect(pushChangeSetSchemas().wrapped.safeParse(body).error).toBeUndefined();
    const validated = validatePush(body);
    expect(validated.ok && validated.value.lastPulledAt).toBe(lastPulledAt);
    expect(validated.ok && validated.value.tables.map((t) => t.table.name)).toEqual(deviceWritable);
    const changes = pushChangeSetSchemas().wrapped.parse(body)['changes'] as Record<
      string,
      { created?: { id: string }[]; updated?: { id: string }[]; deleted?: string[] } | undefined
    >;
    for (const table of deviceWritable) {
      const ids = (kind: LocalChange['kind']) =>
        records.filter((r) => r.table.name === table && r.kind === kind).map((r) => r.id);
      expect(changes[table]?.created?.map((r) => r['id'])).toEqual(ids('created'));
      expect(changes[table]?.updated?.map((r) => r['id'])).toEqual(ids('updated'));
      expect(changes[table]?.deleted).toEqual(ids('deleted'));
    }
  });

  it('lists the tables in the order their first records come, parents first', () => {
    const records = [
      change('patients', 'created'),
      change('visits', 'created'),
      change('events', 'updated'),
      change('patients', 'deleted'),
    ];
    const body = JSON.parse(pushBody(records, lastPulledAt)) as { changes: object };
    expect(Object.keys(body.changes)).toEqual(['patients', 'visits', 'events']);
  });
});

describe('PushChunker', () => {
  it('keeps records that fit in one chunk', () => {
    const records = [change('patients', 'created'), change('patients', 'updated')];
    expect(chunk(records, 100_000)).toEqual([records]);
  });

  it('cuts a chunk before the record that would take it over maxBytes', () => {
    const records = Array.from({ length: 30 }, (_, i) =>
      change('patients', i % 3 === 2 ? 'deleted' : 'created', { given_name: 'x'.repeat(i * 20) }),
    );
    const maxBytes = 4_000;
    const chunks = chunk(records, maxBytes);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.flat()).toEqual(records);
    for (const part of chunks) expect(bytesOf(part)).toBeLessThanOrEqual(maxBytes);
  });

  it("counts a new table's own bytes: a record that fits alone but not with its table starts a new chunk", () => {
    const patients = Array.from({ length: 5 }, () => change('patients', 'created'));
    const visit = change('visits', 'created');
    const maxBytes = bytesOf(patients) + Buffer.byteLength(visit.json) + 30;
    expect(bytesOf([...patients, visit])).toBeGreaterThan(maxBytes);
    expect(chunk([...patients, visit], maxBytes)).toEqual([patients, [visit]]);
  });

  it('starts every chunk empty: records of one size make chunks of one length', () => {
    const records = Array.from({ length: 40 }, (_, i) =>
      change('patients', 'created', { id: `patient-${String(i).padStart(3, '0')}` }),
    );
    const chunks = chunk(records, 5_000);
    const lengths = chunks.map((part) => part.length);
    expect(lengths.length).toBeGreaterThan(3);
    expect(new Set(lengths.slice(0, -1)).size).toBe(1);
    expect(lengths[0]).toBeGreaterThan(1);
  });

  it('gives a record larger than maxBytes a chunk of its own, the others keep theirs', () => {
    const small = change('patients', 'created');
    const huge = change('patients', 'created', {
      additional_data: JSON.stringify('x'.repeat(5_000)),
    });
    const last = change('visits', 'created');
    expect(chunk([small, huge, last], 2_000)).toEqual([[small], [huge], [last]]);
  });

  it('keeps the order of the records, parents first in and parents first out', () => {
    const records = deviceWritable.flatMap((table) =>
      Array.from({ length: 5 }, () => change(table, 'created', { metadata: '{"n":1}' })),
    );
    const chunks = chunk(records, 3_000);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(records);
  });

  it('counts Arabic in UTF-8 bytes, two a letter: records that fit by characters but not by bytes are split', () => {
    const records = [1, 2].map(() =>
      change('patients', 'created', { given_name: 'محمد'.repeat(250) }),
    );
    const characters = pushBody(records, lastPulledAt).length;
    expect(bytesOf(records)).toBeGreaterThan(characters + 1_500);
    const chunks = chunk(records, characters + 200);
    expect(chunks).toEqual([[records[0]], [records[1]]]);
  });

  it('counts Arabic in UTF-8 bytes, no more: records whose bytes fit share a chunk', () => {
    const records = [1, 2].map(() =>
      change('patients', 'created', { given_name: 'محمد'.repeat(250) }),
    );
    expect(chunk(records, bytesOf(records) + 100)).toEqual([records]);
  });

  it('counts an emoji as four bytes: records that fit by UTF-16 units but not by bytes are split', () => {
    const records = [1, 2].map(() => change('patients', 'created', { surname: '🩺'.repeat(500) }));
    const units = pushBody(records, lastPulledAt).length;
    expect(bytesOf(records)).toBeGreaterThan(units + 1_500);
    expect(chunk(records, units + 200)).toEqual([[records[0]], [records[1]]]);
  });

  it('counts an emoji as four bytes, no more: records whose bytes fit share a chunk', () => {
    const records = [1, 2].map(() => change('patients', 'created', { surname: '🩺'.repeat(500) }));
    expect(chunk(records, bytesOf(records) + 100)).toEqual([records]);
  });

  // A table costs its name's length + 44 bytes in the body: one delete in
  // every device-writable table is the case where the overhead weighs most.
  it('a chunk of records in many tables stays within maxBytes', () => {
    const records = deviceWritable.map((table) => change(table, 'deleted', { id: 'r1' }));
    const maxBytes = bytesOf(records) - 1;
    for (const part of chunk(records, maxBytes)) {
      expect(bytesOf(part)).toBeLessThanOrEqual(maxBytes);
    }
  });
});

describe('PushChunker, whatever the records', () => {
  const note = fc.string({ unit: 'grapheme', maxLength: 400 });

  it('puts every record in exactly one chunk, in order, and no chunk is empty', () => {
    const records = fc.array(
      fc.record({
        table: fc.constantFrom(...deviceWritable),
        kind: fc.constantFrom('created', 'updated', 'deleted'),
        note,
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(records, fc.integer({ min: 100, max: 20_000 }), (drawn, maxBytes) => {
        const changes = drawn.map((d) =>
          change(d.table, d.kind, { metadata: JSON.stringify({ note: d.note }) }),
        );
        const chunks = chunk(changes, maxBytes);
        expect(chunks.flat()).toEqual(changes);
        for (const part of chunks) expect(part.length).toBeGreaterThan(0);
      }),
    );
  });

  it('keeps each chunk within maxBytes, unless it is one record larger', () => {
    const records = fc.array(
      fc.record({
        table: fc.constantFrom(...deviceWritable),
        kind: fc.constantFrom('created', 'updated', 'deleted'),
        note,
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(records, fc.integer({ min: 100, max: 20_000 }), (drawn, maxBytes) => {
        const changes = drawn.map((d) =>
          change(d.table, d.kind, { metadata: JSON.stringify({ note: d.note }) }),
        );
        for (const part of chunk(changes, maxBytes)) {
          if (part.length > 1) expect(bytesOf(part)).toBeLessThanOrEqual(maxBytes);
        }
      }),
    );
  });
});

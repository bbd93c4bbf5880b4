import { syncedTables } from '@clinicsync/schema';
import type { Column, Table } from '@clinicsync/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packRows } from '../src/driver/packed-rows.js';
import type { SqlRows } from '../src/driver/sql-driver.js';
import { readPackedPage, readPulledPage } from '../src/sync/pulled-page.js';
import type { PulledPage } from '../src/sync/pulled-page.js';
import { scanPackedPage } from '../src/sync/scan-packed-page.js';
import { pageContext } from './support/page-context.js';

// Pages scanned from their bytes (scanPackedPage) must be exactly what the
// page reader made of them before: JSON, checked, encoded, then packed.
const context = pageContext;

/** The page as our server writes it: JSON with every character beyond ASCII escaped. */
function asciiBody(answer: unknown): ArrayBuffer {
  const text = JSON.stringify(answer).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return new TextEncoder().encode(text).buffer;
}

/** What the page reader answered before: readPulledPage, each table's rows packed. */
function readThenPack(body: ArrayBuffer): PulledPage {
  const page = readPulledPage(body, context);
  return {
    ...page,
    tables: page.tables.map((t) => ({ ...t, upserts: { packed: packRows(t.upserts as SqlRows) } })),
  };
}

/** A page as comparable data: its packed buffers as bytes. */
function comparable(page: PulledPage) {
  return {
    ...page,
    tables: page.tables.map((t) => ({
      ...t,
      upserts: [...new Uint8Array((t.upserts as { packed: ArrayBuffer }).packed)],
    })),
  };
}

/** Either the page or the error's code: what a reader makes of a body. */
function outcome(read: () => PulledPage) {
  try {
    return { page: comparable(read()) };
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
}

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('Flórez', 'أحمد', 'مؤمنة', '"quoted" \\ back', 'line\nbreak', '{"a":1}'),
);
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
  fc.constantFrom(0, -0, 2 ** 53 - 1, -(2 ** 31), 2 ** 31, 1e21, 1.5e-7),
);

function validValue(column: Column): fc.Arbitrary<unknown> {
  const typed =
    column.kind === 'time' || column.kind === 'float'
      ? number
      : column.kind === 'boolean'
        ? fc.boolean()
        : text;
  return column.optional ? fc.oneof(typed, fc.constant(null)) : typed;
}

const idChars = [...'ABCXYZabcxyz0189_.-'];
const id = fc
  .array(fc.constantFrom(...idChars), { minLength: 1, maxLength: 64 })
  .map((chars) => chars.join(''));

/** A row of `table`: every column valid, some left out; with `odd`, wrong types and unknown keys too. */
function row(table: Table, odd: boolean): fc.Arbitrary<Record<string, unknown>> {
  const entries = table.columns.map((column) =>
    fc.option(
      odd ? fc.oneof(validValue(column), text, number, fc.constant(null)) : validValue(column),
      { nil: undefined, freq: 4 },
    ),
  );
  return fc
    .tuple(id, fc.tuple(...entries), odd ? fc.dictionary(fc.string(), number) : fc.constant({}))
    .map(([rowId, values, extra]) => {
      const result: Record<string, unknown> = { ...extra, id: rowId };
      table.columns.forEach((column, i) => {
        if (values[i] !== undefined) result[column.name] = values[i];
      });
      return result;
    });
}

const sample = ['patients', 'visits', 'events', 'users', 'appointments'].map((name) =>
  syncedTables.find((t) => t.name === name)!,
);

function page(odd: boolean) {
  const changes = fc.subarray(sample, { minLength: 1 }).chain((tables) =>
    fc
      .tuple(
        ...tables.map((table) =>
          fc.record({
            created: fc.array(row(table, odd), { maxLength: 4 }),
            updated: fc.array(row(table, odd), { maxLength: 3 }),
            deleted: fc.array(id, { maxLength: 3 }),
          }),
        ),
      )
      .map((parts) => Object.fromEntries(tables.map((t, i) => [t.name, parts[i]]))),
  );
  return (
    fc
      .record(
        {
          changes,
          timestamp: fc.integer({ min: 1, max: 2 ** 40 }),
          has_more: fc.boolean(),
          next: id,
          estimate: fc.record({ records: fc.nat(), bytes: fc.nat() }),
        },
        { requiredKeys: ['changes', 'timestamp'] },
      )
      // A page with more to come names its next (the protocol's rule).
      .map((answer) => (answer.has_more && !answer.next ? { ...answer, has_more: false } : answer))
  );
}

describe('a page scanned from its bytes into packed rows', () => {
  it('is the page read as JSON and packed, for every page of valid rows our server may send', () => {
    fc.assert(
      fc.property(page(false), (answer) => {
        const body = asciiBody(answer);
        const scanned = scanPackedPage(body);
        expect(scanned).not.toBeNull();
        expect(comparable(scanned!)).toEqual(comparable(readThenPack(body)));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a page with wrong values or strange keys to the ordinary reading, which names the problem', () => {
    fc.assert(
      fc.property(page(true), (answer) => {
        const body = asciiBody(answer);
        expect(outcome(() => readPackedPage(body, context))).toEqual(
          outcome(() => readThenPack(body)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('is not tried on bytes beyond ASCII, a table this device does not know, or a cut page', () => {
    const answer = {
      changes: {
        patients: { created: [{ id: 'p1', given_name: 'Flórez' }], updated: [], deleted: [] },
      },
      timestamp: 5,
    };
    const utf8 = new TextEncoder().encode(JSON.stringify(answer)).buffer;
    expect(scanPackedPage(utf8)).toBeNull();
    expect(comparable(readPackedPage(utf8, context))).toEqual(comparable(readThenPack(utf8)));

    const newer = {
      ...answer,
      changes: { ...answer.changes, from_a_newer_server: { created: [{ id: 'x', v: [1] }] } },
    };
    expect(comparable(scanPackedPage(asciiBody(newer))!)).toEqual(
      comparable(readThenPack(asciiBody(newer))),
    );
    const broken = {
      ...answer,
      changes: { ...answer.changes, from_a_newer_server: { created: [{ no_id: 1 }] } },
    };
    expect(scanPackedPage(asciiBody(broken))).toBeNull();

    const whole = new Uint8Array(asciiBody(answer));
    const cut = whole.slice(0, whole.length - 3).buffer;
    expect(scanPackedPage(cut)).toBeNull();
    expect(outcome(() => readPackedPage(cut, context))).toEqual({ error: 'network' });
  });
});

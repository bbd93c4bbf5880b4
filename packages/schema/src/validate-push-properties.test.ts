import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { maxTimeMs, minTimeMs } from './check-value.js';
import { syncedTables, tables } from './model.js';
import type { Column, Table } from './model.js';
import { validatePush } from './validate-push.js';

type WireValue = string | number | boolean | null;

const textArbitrary = fc
  .string({ unit: 'grapheme', maxLength: 20 })
  .filter((text) => !text.includes('\u0000'));

const jsonTextArbitrary = fc.oneof(
  fc.constant(''),
  fc.json({ maxDepth: 2 }),
  // Any spacing a device may have written.
  fc
    .tuple(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(0, 1, 2, '\t', ' \n '))
    .map(([value, space]) => JSON.stringify(value, null, space)),
);

const timeArbitrary = fc.oneof(
  fc.constantFrom(minTimeMs, maxTimeMs, 0, -1, 1700000000123),
  fc.bigInt({ min: BigInt(minTimeMs), max: BigInt(maxTimeMs) }).map(Number),
);

const dateArbitrary = fc.oneof(
  fc.constantFrom('', '0001-01-01', '9999-12-31', '2000-02-29'),
  fc
    .date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString().slice(0, 10)),
);

const decimalArbitrary = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 10n ** 30n }),
    fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: undefined }),
  )
  .map(
    ([negative, whole, fraction]) =>
      // PostgreSQL's numeric has no negative zero, so the validator refuses one.
      `${negative && (whole > 0n || /[1-9]/.test(fraction ?? '')) ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`,
  );

function valueArbitrary(column: Column): fc.Arbitrary<WireValue> {
  const value: fc.Arbitrary<WireValue> = (() => {
    switch (column.kind) {
      case 'text':
        return textArbitrary;
      case 'json':
        return jsonTextArbitrary;
      case 'time':
        return timeArbitrary;
      case 'date':
        return dateArbitrary;
      case 'float':
        return fc.double({ noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'decimal':
        return decimalArbitrary;
    }
  })();
  return column.optional ? fc.option(value, { nil: null }) : value;
}

const idArbitrary = fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/);

/** A whole record of `table` built from valid values, with the id first. */
function recordArbitrary(table: Table): fc.Arbitrary<Record<string, WireValue>> {
  const columns = Object.fromEntries(table.columns.map((c) => [c.name, valueArbitrary(c)]));
  return fc.tuple(idArbitrary, fc.record(columns)).map(([id, values]) => ({ id, ...values }));
}

/** What WatermelonDB adds to a raw: its local status and the columns it edited. */
function syncFieldsArbitrary(table: Table) {
  return fc.record(
    {
      _status: fc.constantFrom('created', 'updated'),
      _changed: fc.subarray(table.columns.map((c) => c.name)).map((names) => names.join(',')),
    },
    { requiredKeys: [] },
  );
}

describe('validatePush, for any valid record', () => {
  test.each(syncedTables.map((t) => [t.name, t] as const))(
    '%s: accepts it and returns it without _status and _changed',
    (_name, table) => {
      fc.assert(
        fc.property(
          recordArbitrary(table),
          syncFieldsArbitrary(table),
          fc.constantFrom('created' as const, 'updated' as const),
          (record, syncFields, list) => {
            const result = validatePush({
              [table.name]: { [list]: [{ ...record, ...syncFields }] },
            });
            if (!result.ok) throw new Error(JSON.stringify(result.problems));
            const [changes] = result.value.tables;
            expect(result.value.tables).toHaveLength(1);
            const pushed = changes?.[list][0];
            // A float -0 is stored as 0 (neither JSON.stringify nor PostgreSQL keeps it).
            const expected = Object.fromEntries(
              Object.entries(record).map(([k, v]) => [k, Object.is(v, -0) ? 0 : v]),
            );
            expect({ ...pushed?.row }).toEqual(expected);
            expect(Object.keys(pushed?.row ?? {})).toEqual(Object.keys(record));
            const changed = syncFields._changed ? syncFields._changed.split(',') : null;
            expect(pushed?.changed).toEqual(changed);
          },
        ),
        { numRuns: 60 },
      );
    },
  );

  test('device_only tables: accepts it and leaves the table out', () => {
    const deviceOnly = tables.filter((t) => t.sync === 'device_only');
    expect(deviceOnly.length).toBeGreaterThan(0);
    for (const table of deviceOnly) {
      fc.assert(
        fc.property(recordArbitrary(table), (record) => {
          const result = validatePush({ [table.name]: { created: [record] } });
          expect(result).toEqual({ ok: true, value: { tables: [], lastPulledAt: null } });
        }),
        { numRuns: 30 },
      );
    }
  });
});

function expectOkOrProblems(body: unknown): void {
  const result = validatePush(body);
  if (result.ok) return;
  expect(result.problems.length).toBeGreaterThan(0);
  expect(result.problems.length).toBeLessThanOrEqual(20);
  for (const problem of result.problems) expect(typeof problem.problem).toBe('string');
}

describe('validatePush, for any JSON', () => {
  const names = [...tables.map((t) => t.name), '__proto__', 'constructor', 'changes', 'x'];
  const columnNames = [
    ...new Set(tables.flatMap((t) => t.columns.map((c) => c.name))),
    'id',
    '_status',
    '_changed',
    '__proto__',
    'constructor',
  ];
  const recordLike = fc.dictionary(fc.constantFrom(...columnNames), fc.jsonValue({ maxDepth: 1 }), {
    maxKeys: 8,
  });
  const tableLike = fc.record(
    {
      created: fc.oneof(fc.array(recordLike, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
      updated: fc.oneof(fc.array(recordLike, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
      deleted: fc.oneof(
        fc.array(fc.oneof(idArbitrary, fc.jsonValue({ maxDepth: 0 })), { maxLength: 3 }),
        fc.jsonValue({ maxDepth: 1 }),
      ),
    },
    { requiredKeys: [] },
  );
  const pushLike = fc.dictionary(fc.constantFrom(...names), fc.oneof(tableLike, fc.jsonValue()), {
    maxKeys: 4,
  });

  test('never throws: any JSON value is accepted or gets problems', () => {
    fc.assert(fc.property(fc.jsonValue(), expectOkOrProblems), { numRuns: 500 });
  });

  test('never throws on push-shaped bodies, bare or wrapped, parsed from JSON text', () => {
    fc.assert(
      fc.property(pushLike, fc.boolean(), fc.jsonValue({ maxDepth: 0 }), (changes, wrap, lpa) => {
        const body = wrap ? { changes, lastPulledAt: lpa } : changes;
        expectOkOrProblems(body);
        // Through JSON text, as the server receives it: `__proto__` is then an own key.
        expectOkOrProblems(JSON.parse(JSON.stringify(body)));
      }),
      { numRuns: 500 },
    );
    expect(({} as Record<string, unknown>)['created']).toBeUndefined();
  });
});

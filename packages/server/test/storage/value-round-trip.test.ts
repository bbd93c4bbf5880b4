import {
  checkValue,
  getTable,
  maxTimeMs,
  minTimeMs,
  syncedTablesParentFirst,
  validatePush,
} from '@clinicsync/schema';
import type { AnyWireRow, Column, ColumnKind, Table, TableName } from '@clinicsync/schema';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clinicLinks } from '@clinicsync/testing/fixtures';
import { createTestDatabase, startTestServer, testEngine } from '@clinicsync/testing/server';
import type { TestDatabase, TestServer } from '@clinicsync/testing/server';
import { writeServerRows } from '../../src/admin/write-server-rows.js';
import type { Database } from '../../src/db/database.js';
import { ident, wireRowSql } from '../../src/storage/sql-names.js';

type WireValue = AnyWireRow[string];

// Values at the edges of what each kind accepts (check-value.ts), and values
// that a careless encoding changes: every one must come back as it went in.
const boundaryValues: Record<ColumnKind, readonly WireValue[]> = {
  time: [0, -1, -86_400_001, 1700000000123, minTimeMs, maxTimeMs, 999, -999, 951782400000],
  date: ['', '0001-01-01', '9999-12-31', '2000-02-29', '1990-04-02'],
  float: [
    0.1 + 0.2,
    1e-300,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    5e-324,
    0,
    2 ** 53 + 2,
    -123.456,
    1 / 3,
  ],
  text: [
    '🩺 Amina 👩🏽‍⚕️',
    'مرحبا بالعالم',
    'it\'s "quoted" `twice`',
    'back\\slash \\n \\u0041 \\\\',
    '',
    'line\nbreak\ttab\r\n',
    ' leading and trailing ',
    '\u2028\u2029\uFEFF',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  ],
  json: [
    ' {  "a" : 1 ,"b":[ 1 , 2.50 ] }\n',
    '"\\u00e9\\ud83d\\ude00 \\/"',
    '{"k":"\\"quoted\\" \\\\ back","é":"é"}',
    '',
    '[]',
    '{}',
    '1e400',
    '  null  ',
    '{"a":1,"a":2}',
  ],
  boolean: [true, false],
  decimal: ['0', '12.50', '-0.5', '123456789012345678901234567890.000001', '1.10', '-7', '0.000'],
};

/** The value list a column is tested with: optional columns also take null. */
function valuesFor(column: Column): readonly WireValue[] {
  const values = boundaryValues[column.kind];
  return column.optional ? [null, ...values] : values;
}

/** Rows of `table` that give every column each of its boundary values once. */
function boundaryRows(table: Table, prefix: string): AnyWireRow[] {
  const count = Math.max(...table.columns.map((c) => valuesFor(c).length));
  return Array.from({ length: count }, (_, i) => {
    const row: AnyWireRow = { id: `${prefix}-${i}` };
    for (const column of table.columns) {
      const values = valuesFor(column);
      row[column.name] = values[i % values.length]!;
    }
    // users.email is unique among live users (0003_auth.sql).
    if (table.name === 'users') row['email'] = `${String(row['email'])}#${i}`;
    return row;
  });
}

interface Mismatch {
  readonly table: string;
  readonly id: string;
  readonly column: string;
  readonly sent: string;
  readonly got: string;
}

/** `-0` and `0` print apart; everything else as JSON. */
function show(value: unknown): string {
  return Object.is(value, -0) ? '-0' : (JSON.stringify(value) ?? String(value));
}

/** Every column whose value did not come back identical (Object.is for numbers). */
function compareRows(
  table: Table,
  sent: readonly AnyWireRow[],
  got: ReadonlyMap<string, AnyWireRow>,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const row of sent) {
    const back = got.get(row.id);
    if (!back) {
      mismatches.push({ table: table.name, id: row.id, column: '*', sent: 'row', got: 'nothing' });
      continue;
    }
    const names = new Set([...Object.keys(row), ...Object.keys(back)]);
    for (const name of names) {
      if (!Object.is(row[name], back[name])) {
        mismatches.push({
          table: table.name,
          id: row.id,
          column: name,
          sent: show(row[name]),
          got: show(back[name]),
        });
      }
    }
  }
  return mismatches;
}

/** Writes `rows` through the one write path, as the administration and seeder do. */
async function writeRows(db: Database, table: TableName, rows: readonly AnyWireRow[]) {
  await db.transaction((tx) => writeServerRows(tx, [{ table, created: rows }], null));
}

/** Reads rows back with the SQL a pull sends them with. */
async function readWireRows(
  db: Database,
  table: Table,
  ids: readonly string[],
): Promise<Map<string, AnyWireRow>> {
  const rows = await db.query<{ row: AnyWireRow }>(
    `SELECT row_to_json(${wireRowSql(table, 't')}) AS row FROM ${ident(table.name)} t
      WHERE t.id = ANY($1::text[])`,
    [ids],
  );
  return new Map(rows.map(({ row }) => [row.id, row]));
}

describe(`value round trip through the write path and the pull SQL (${testEngine})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  test.each(syncedTablesParentFirst.map((t) => [t.name, t] as const))(
    '%s: boundary values of every column',
    async (_name, table) => {
      const rows = boundaryRows(table, 'edge');
      // Values a device may send: the push validation accepts every one.
      expect(validatePush({ [table.name]: { created: rows } })).toMatchObject({ ok: true });
      await writeRows(database.db, table.name, rows);
      const back = await readWireRows(
        database.db,
        table,
        rows.map((r) => r.id),
      );
      expect(compareRows(table, rows, back)).toEqual([]);
    },
  );

  test('times in the accepted range and finite floats, any value', async () => {
    const table = getTable('patient_vitals');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            time: fc.bigInt({ min: BigInt(minTimeMs), max: BigInt(maxTimeMs) }).map(Number),
            float: fc
              .double({ noNaN: true, noDefaultInfinity: true })
              .filter((x) => !Object.is(x, -0)),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (values) => {
          run++;
          const rows = values.map(({ time, float }, i): AnyWireRow => {
            const row: AnyWireRow = { id: `prop-${run}-${i}` };
            for (const column of table.columns) row[column.name] = valuesFor(column)[1]!;
            return { ...row, timestamp: time, created_at: time, weight_kg: float, bmi: float };
          });
          await writeRows(database.db, table.name, rows);
          const back = await readWireRows(
            database.db,
            table,
            rows.map((r) => r.id),
          );
          expect(compareRows(table, rows, back)).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  // Negative zero cannot survive JSON.stringify or numeric: the validator
  // stores a float -0 as 0 and refuses a decimal '-0', so a replayed push
  // compares equal and writes nothing.
  test('negative zero: a float is stored as 0, a decimal is refused', () => {
    const vitals = makeRowFor('patient_vitals', { weight_kg: -0 });
    const accepted = validatePush({ patient_vitals: { created: [vitals] } });
    expect(
      accepted.ok && Object.is(accepted.value.tables[0]!.created[0]!.row['weight_kg'], 0),
    ).toBe(true);
    const drug = makeRowFor('drug_catalogue', { sale_price: '-0', dosage_quantity: '-0.00' });
    expect(checkValue(getTable('drug_catalogue').columnsByName.get('sale_price')!, '-0')).toMatch(
      /negative zero/,
    );
    expect(validatePush({ drug_catalogue: { created: [drug] } }).ok).toBe(false);
  });
});

function makeRowFor(
  tableName: 'patient_vitals' | 'drug_catalogue',
  values: Record<string, unknown>,
): AnyWireRow {
  const table = getTable(tableName);
  const row: AnyWireRow = { id: `neg-zero-${tableName}` };
  for (const column of table.columns) row[column.name] = valuesFor(column)[1]!;
  return { ...row, ...values } as AnyWireRow;
}

/**
 * The values that put a row of `table` in the super administrator's pull
 * (PROTOCOL.md, "Scope"): they receive every clinical row whatever its
 * clinic, but departments and inventory only of clinics that exist, and only
 * their own permission rows. Every other column keeps its boundary values.
 */
function placedForAdmin(server: TestServer, table: TableName): Record<string, string> {
  switch (table) {
    case 'clinic_departments':
    case 'clinic_inventory':
      return clinicLinks(table, server.clinicId);
    case 'user_clinic_permissions':
      return { user_id: server.admin.id };
    default:
      return {};
  }
}

describe(`value round trip through an HTTP pull (${testEngine})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  test('every synced table: the pulled rows are the written rows', async () => {
    const written = new Map<TableName, AnyWireRow[]>();
    for (const table of syncedTablesParentFirst) {
      const placed = placedForAdmin(server, table.name);
      const rows = boundaryRows(table, 'http').map((row) => ({ ...row, ...placed }));
      await writeRows(server.database.db, table.name, rows);
      written.set(table.name, rows);
    }
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/v2/sync?last_pulled_at=null&schema_version=9',
      headers: { authorization: server.admin.basic },
    });
    expect(response.statusCode).toBe(200);
    // JSON.parse of the body as sent, so a -0 or a long float is read as a device reads it.
    const body = JSON.parse(response.body) as {
      changes: Record<string, { created: AnyWireRow[] }>;
    };
    const mismatches = syncedTablesParentFirst.flatMap((table) => {
      const pulled = (body.changes[table.name]?.created ?? []).filter((r) =>
        r.id.startsWith('http-'),
      );
      return compareRows(
        table,
        written.get(table.name) ?? [],
        new Map(pulled.map((r) => [r.id, r])),
      );
    });
    expect(mismatches).toEqual([]);
  });
});

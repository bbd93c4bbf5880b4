import { syncedTables } from '@clinicsync/schema';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, testEngine } from '@clinicsync/testing/server';
import type { TestDatabase } from '@clinicsync/testing/server';
import { listMigrations, migrate } from '../../src/db/migrate.js';
import { storageType } from '../../src/storage/sql-names.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const migrationNames = listMigrations().map((m) => m.name);

test('the migrations are numbered files, applied in number order', () => {
  expect(migrationNames.length).toBeGreaterThanOrEqual(3);
  migrationNames.forEach((name, i) => {
    expect(name).toMatch(/^\d{4}_[a-z0-9_]+\.sql$/);
    expect(Number(name.slice(0, 4))).toBe(i + 1);
  });
});

test(`every migration is applied once (${testEngine})`, async () => {
  const rows = await database.db.query<{ name: string }>(
    'SELECT name FROM schema_migrations ORDER BY name',
  );
  expect(rows.map((r) => r.name)).toEqual(migrationNames);
});

test(`a second migrate applies nothing (${testEngine})`, async () => {
  expect(await migrate(database.db)).toEqual([]);
  const [{ count } = { count: -1 }] = await database.db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM schema_migrations',
  );
  expect(count).toBe(migrationNames.length);
});

test(`every synced table exists with its columns in their storage types (${testEngine})`, async () => {
  const rows = await database.db.query<{ table_name: string; column_name: string; type: string }>(
    `SELECT c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod) AS type
       FROM information_schema.columns c
       JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass
                          AND a.attname = c.column_name
      WHERE c.table_schema = current_schema() AND c.column_name NOT LIKE '\\_%'`,
  );
  const found = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.type]));
  for (const table of syncedTables) {
    expect(found.get(`${table.name}.id`), table.name).toBe('text');
    for (const column of table.columns) {
      expect(found.get(`${table.name}.${column.name}`), `${table.name}.${column.name}`).toBe(
        storageType(column).replace('timestamptz', 'timestamp with time zone'),
      );
    }
  }
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { syncedTables } from '@clinicsync/schema';
import { expect, test } from 'vitest';
import { renderSyncedTablesMigration } from '../../src/storage/synced-table-ddl.js';

const migrationPath = fileURLToPath(
  new URL('../../migrations/0002_synced_tables.sql', import.meta.url),
);

test('0002_synced_tables.sql is what `npm run generate` makes of the schema', () => {
  expect(readFileSync(migrationPath, 'utf8')).toBe(renderSyncedTablesMigration());
});

test('the migration creates every synced table and no device_only one', () => {
  const sql = renderSyncedTablesMigration();
  const created = [...sql.matchAll(/^CREATE TABLE "([a-z_]+)"/gm)].map((m) => m[1]);
  expect([...created].sort()).toEqual(syncedTables.map((t) => t.name).sort());
  expect(sql).not.toContain('"event_logs"');
  expect(sql).not.toContain('"peers"');
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTable } from '@clinicsync/schema';
import type { AnyWireRow } from '@clinicsync/schema';
import { afterAll, expect, test } from 'vitest';
import { writeServerRows } from '../../src/admin/write-server-rows.js';
import type { Database } from '../../src/db/database.js';
import { listMigrations, migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { openPgliteDatabase } from '../../src/db/pglite-database.js';
import { wireRowSql } from '../../src/storage/sql-names.js';

// The embedded engine only: PGlite keeping its files in a directory.
const dataDir = mkdtempSync(join(tmpdir(), 'clinicsync-pglite-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const clinic: AnyWireRow = {
  id: 'clinic-1',
  name: 'Clinique du Lac — عيادة',
  updated_at: 1700000000123,
  created_at: -1,
  is_deleted: false,
  deleted_at: null,
  is_archived: false,
};

async function readClinics(db: Database): Promise<AnyWireRow[]> {
  const rows = await db.query<{ row: AnyWireRow }>(
    `SELECT row_to_json(${wireRowSql(getTable('clinics'), 't')}) AS row FROM clinics t ORDER BY t.id`,
  );
  return rows.map((r) => r.row);
}

test('a PGlite database in a directory keeps its schema and rows after close and reopen', async () => {
  const first = await openPgliteDatabase(dataDir);
  let version: number | null;
  try {
    expect(await migrate(first)).toEqual(listMigrations().map((m) => m.name));
    expect(await migrate(first)).toEqual([]);
    ({ version } = await first.transaction((tx) =>
      writeServerRows(tx, [{ table: 'clinics', created: [clinic] }], null),
    ));
    expect(version).not.toBeNull();
  } finally {
    await first.close();
  }

  const reopened = await openDatabase({ dataDir });
  try {
    expect(await migrate(reopened)).toEqual([]);
    expect(await readClinics(reopened)).toEqual([clinic]);
    const [counter] = await reopened.query<{ version: number }>(
      'SELECT max(_version) AS version FROM clinics',
    );
    expect(counter?.version).toBe(version);
    // The change feed goes on from where it stood.
    const next = await reopened.transaction((tx) =>
      writeServerRows(
        tx,
        [{ table: 'clinics', updated: [{ id: 'clinic-1', is_archived: true }] }],
        null,
      ),
    );
    expect(next.version).toBeGreaterThan(version ?? Infinity);
  } finally {
    await reopened.close();
  }
});

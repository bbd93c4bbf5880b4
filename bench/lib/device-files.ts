import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getTable, syncedTables } from '@clinicsync/schema';
import type { TableName } from '@clinicsync/schema';
import type BetterSqlite3 from 'better-sqlite3';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof BetterSqlite3;

/**
 * Copies a synced device's database as a second device (a new device id), so a
 * writer or a pusher starts one day behind without paying its own first sync.
 */
export function cloneDevice(sourceFile: string, file: string): void {
  for (const suffix of ['', '-wal']) {
    if (existsSync(sourceFile + suffix)) copyFileSync(sourceFile + suffix, file + suffix);
  }
  const db = new Database(file);
  db.prepare(`UPDATE _clinicsync_meta SET value = ? WHERE key = 'device_id'`).run(randomUUID());
  db.close();
}

/** One stored row of each table as a wire record (booleans back from 0/1), to copy realistic values from. */
export function readTemplateRows(
  file: string,
  names: TableName[],
): Record<string, Record<string, unknown>> {
  const db = new Database(file, { readonly: true });
  const templates: Record<string, Record<string, unknown>> = {};
  for (const name of names) {
    const table = getTable(name);
    const row = db.prepare(`SELECT * FROM "${name}" LIMIT 1`).get() as
      Record<string, unknown> | undefined;
    if (!row) throw new Error(`no ${name} row to copy values from in ${file}`);
    const record: Record<string, unknown> = { id: row['id'] };
    for (const column of table.columns) {
      const value = row[column.name];
      record[column.name] = column.kind === 'boolean' && value !== null ? value === 1 : value;
    }
    templates[name] = record;
  }
  db.close();
  return templates;
}

/** Every `step`-th row id of a table (rowid order): a spread, deterministic sample. */
export function sampleIds(file: string, table: string, step: number): string[] {
  const db = new Database(file, { readonly: true });
  const ids = db
    .prepare(`SELECT id FROM "${table}" WHERE rowid % ? = 0`)
    .pluck()
    .all(step) as string[];
  db.close();
  return ids;
}

/** The device's cursor: the `timestamp` of its last completed pull. */
export function readCursor(file: string): number {
  const db = new Database(file, { readonly: true });
  const value = db
    .prepare(`SELECT value FROM _clinicsync_meta WHERE key = 'last_pulled_at'`)
    .pluck()
    .get() as string | undefined;
  db.close();
  if (value === undefined) throw new Error(`${file} has never completed a pull`);
  return Number(value);
}

/** Rows a device holds, all synced tables together: what a fresh device of the same scope would pull. */
export function countDeviceRows(file: string): number {
  const db = new Database(file, { readonly: true });
  let rows = 0;
  for (const table of syncedTables) {
    rows += db.prepare(`SELECT count(*) FROM "${table.name}"`).pluck().get() as number;
  }
  db.close();
  return rows;
}

import { getTable, syncedTables } from '@clinicsync/schema';
import type { TableName } from '@clinicsync/schema';
import type { SqlDriver, SqlValue } from '../driver/sql-driver.js';
import { columnList, decodeRow } from './encode-values.js';
import { overruledTable, quote } from './local-schema.js';
import type { RecordOf, SyncStatus } from './record-types.js';

/** Runs a SELECT of `columnList(table)` and decodes its rows. */
export async function readRecords<T extends TableName>(
  driver: SqlDriver,
  table: T,
  sql: string,
  params: readonly SqlValue[],
): Promise<RecordOf<T>[]> {
  const spec = getTable(table);
  const rows = await driver.query<Record<string, unknown>>(sql, params);
  return rows.map((raw) => decodeRow(spec, raw) as RecordOf<T>);
}

/** The live record `id` of `table`, or null. */
export async function findRecord<T extends TableName>(
  driver: SqlDriver,
  table: T,
  id: string,
): Promise<RecordOf<T> | null> {
  const sql = `SELECT ${columnList(getTable(table))} FROM ${quote(table)} WHERE id = ? AND _status != 'deleted'`;
  const [record] = await readRecords(driver, table, sql, [id]);
  return record ?? null;
}

/** A row's `_status`, or null when the device has no such row (not even a tombstone). */
export async function readSyncStatus(
  driver: SqlDriver,
  table: TableName,
  id: string,
): Promise<SyncStatus | null> {
  const [row] = await driver.query<{ _status: SyncStatus }>(
    `SELECT _status FROM ${quote(getTable(table).name)} WHERE id = ?`,
    [id],
  );
  return row?._status ?? null;
}

/** Records waiting to be pushed (overruled edits included), per synced table that has any, in one query. */
export async function countUnsynced(
  driver: SqlDriver,
): Promise<Partial<Record<TableName, number>>> {
  const sql = syncedTables
    .map(
      (t) =>
        `SELECT '${t.name}' AS t, count(*) AS n FROM ${quote(t.name)} WHERE _status != 'synced'`,
    )
    .join(' UNION ALL ');
  const overruled = `SELECT table_name AS t, count(*) AS n FROM ${overruledTable} GROUP BY table_name`;
  const rows = await driver.query<{ t: TableName; n: number }>(`${sql} UNION ALL ${overruled}`);
  const counts: Partial<Record<TableName, number>> = {};
  for (const { t, n } of rows) if (n > 0) counts[t] = (counts[t] ?? 0) + n;
  return counts;
}

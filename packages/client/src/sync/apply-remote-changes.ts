import { findTable, idPattern } from '@clinicsync/schema';
import type { Table, TableName } from '@clinicsync/schema';
import type { SqlStatement, SqlValue } from '../driver/sql-driver.js';
import { ClinicSyncError } from '../errors.js';
import { forgetDepartures, recordDepartures } from '../store/departed-patients.js';
import { encodePulled } from '../store/encode-values.js';
import { overruledTable, withSearchIndex } from '../store/local-schema.js';
import type { StoreInternals } from '../store/store-internals.js';
import { deleteRemoteRowSql, mergeRemoteRowSql } from './merge-remote-row.js';
import { readLeavingRows } from './read-leaving-rows.js';
import type { TableCounts } from './sync-types.js';

export interface AppliedPage {
  readonly counts: ReadonlyMap<TableName, TableCounts>;
  /** Locally changed records the server deleted: gone from the device, their edits sent to the conflict log. */
  readonly discarded: readonly { table: TableName; id: string }[];
  readonly rows: number;
  /** Records the page removed that the device showed (a delete of a row it never had removes nothing). */
  readonly removed: number;
  /** Patients the page removed: recorded in the departures table in the same transaction. */
  readonly departed: readonly string[];
}

const mergeSql = new Map<string, { merge: string; remove: string }>();

function sqlFor(table: Table): { merge: string; remove: string } {
  let sql = mergeSql.get(table.name);
  if (!sql) {
    sql = { merge: mergeRemoteRowSql(table), remove: deleteRemoteRowSql(table) };
    mergeSql.set(table.name, sql);
  }
  return sql;
}

function badRow(table: string, problem: string): ClinicSyncError {
  return new ClinicSyncError(
    'bad_response',
    `The server sent a bad ${table} change (${problem}); sync stopped so nothing wrong is stored. Tell your administrator.`,
  );
}

function list(value: unknown, table: string, kind: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRow(table, `${kind} is not a list`);
  return value;
}

function checkedId(id: unknown, table: string): string {
  if (typeof id !== 'string' || !idPattern.test(id))
    throw badRow(table, `id ${JSON.stringify(id)}`);
  return id;
}

/** [id, ...columns] in the order of mergeRemoteRowSql. */
function encodeRow(table: Table, raw: unknown): SqlValue[] {
  if (typeof raw !== 'object' || raw === null) throw badRow(table.name, 'a row is not an object');
  const row = raw as Record<string, unknown>;
  const id = checkedId(row['id'], table.name);
  const values: SqlValue[] = [id];
  for (const column of table.columns)
    values.push(encodePulled(table, column, row[column.name], id));
  return values;
}

/**
 * Applies one pulled page in ONE driver batch, together with `bookkeeping`
 * (the stored paging position or the new `last_pulled_at`, given the number
 * of rows the page holds): a crash leaves
 * the page and its position both applied or both not. Patients the page
 * removes are recorded as departed with their last name (a patient who
 * comes back is forgotten there), in the same batch. Runs under the write
 * lock, so no app write lands between the check for locally changed rows
 * and the batch. Tables this schema does not sync are skipped (a newer
 * server); a malformed row is `bad_response` and nothing of the page is kept.
 */
export async function applyRemoteChanges(
  store: StoreInternals,
  changes: Record<string, unknown>,
  bookkeeping: (rows: number) => readonly SqlStatement[],
): Promise<AppliedPage> {
  return store.lock.run(async () => {
    store.assertOpen();
    const statements: SqlStatement[] = [];
    const counts = new Map<TableName, TableCounts>();
    const discarded: { table: TableName; id: string }[] = [];
    const departed: string[] = [];
    let rows = 0;
    let removed = 0;
    for (const [name, value] of Object.entries(changes)) {
      const table = findTable(name);
      if (!table || table.sync === 'device_only') continue;
      if (typeof value !== 'object' || value === null) throw badRow(name, 'not an object');
      const { created, updated, deleted } = value as Record<string, unknown>;
      const createdRows = list(created, name, 'created');
      const updatedRows = list(updated, name, 'updated');
      const deletedIds = list(deleted, name, 'deleted').map((id) => checkedId(id, name));
      const sql = sqlFor(table);
      const writes: SqlStatement[] = [];
      const upserts = [...createdRows, ...updatedRows].map((raw) => encodeRow(table, raw));
      if (upserts.length > 0) writes.push({ sql: sql.merge, rows: upserts });
      if (table.name === 'patients') {
        writes.push(...forgetDepartures(upserts.map((values) => values[0] as string)));
      }
      if (deletedIds.length > 0) {
        const leaving = await readLeavingRows(store, table, deletedIds);
        for (const { id } of leaving.changed) discarded.push({ table: table.name, id });
        if (leaving.changed.length > 0) {
          writes.push({
            sql: `INSERT OR REPLACE INTO ${overruledTable} (table_name, id, raw) VALUES (?, ?, ?)`,
            rows: leaving.changed.map(({ id, raw }) => [table.name, id, raw]),
          });
        }
        writes.push({ sql: sql.remove, rows: deletedIds.map((id) => [id]) });
        writes.push(...recordDepartures(leaving.patients, Date.now()));
        departed.push(...leaving.patients.map((p) => p.id));
        removed += leaving.present.length;
      }
      // Removed patients lose their entries by trigger; upserted ones are indexed here.
      statements.push(
        ...(table.name === 'patients'
          ? withSearchIndex(
              upserts.map((values) => values[0] as string),
              writes,
            )
          : writes),
      );
      counts.set(table.name, {
        created: createdRows.length,
        updated: updatedRows.length,
        deleted: deletedIds.length,
      });
      rows += upserts.length + deletedIds.length;
    }
    await store.driver.batch([...statements, ...bookkeeping(rows)]);
    store.notifier.emit(new Set(counts.keys()), 'pull');
    return { counts, discarded, rows, removed, departed };
  });
}

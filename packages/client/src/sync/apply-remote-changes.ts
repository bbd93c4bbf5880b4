import { findTable } from '@clinicsync/schema';
import type { Table, TableName } from '@clinicsync/schema';
import type { SqlStatement } from '../driver/sql-driver.js';
import { forgetDepartures, recordDepartures } from '../store/departed-patients.js';
import { overruledTable, withSearchIndex } from '../store/local-schema.js';
import type { StoreInternals } from '../store/store-internals.js';
import { deleteRemoteRowSql, mergeRemoteRowSql } from './merge-remote-row.js';
import { decodeChanges } from './pulled-page.js';
import type { PageTable } from './pulled-page.js';
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

/**
 * Applies one pulled change set (as the server sent it): decodeChanges,
 * then applyPage.
 */
export async function applyRemoteChanges(
  store: StoreInternals,
  changes: Record<string, unknown>,
  bookkeeping: (rows: number) => readonly SqlStatement[],
): Promise<AppliedPage> {
  return applyPage(store, decodeChanges(changes), bookkeeping);
}

/**
 * Applies one pulled page in ONE driver batch, together with `bookkeeping`
 * (the stored paging position or the new `last_pulled_at`, given the number
 * of rows the page holds): a crash leaves
 * the page and its position both applied or both not. Patients the page
 * removes are recorded as departed with their last name (a patient who
 * comes back is forgotten there), in the same batch. Runs under the write
 * lock, so no app write lands between the check for locally changed rows
 * and the batch.
 */
export async function applyPage(
  store: StoreInternals,
  tables: readonly PageTable[],
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
    for (const page of tables) {
      const table = findTable(page.name)!;
      const { deletedIds, patientIds } = page;
      const sql = sqlFor(table);
      const writes: SqlStatement[] = [];
      const upserted = page.created + page.updated;
      if (upserted > 0) {
        writes.push(
          'packed' in page.upserts
            ? { sql: sql.merge, packed: page.upserts.packed }
            : { sql: sql.merge, rows: page.upserts },
        );
      }
      writes.push(...forgetDepartures(patientIds));
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
        ...(table.name === 'patients' ? withSearchIndex(patientIds, writes) : writes),
      );
      counts.set(table.name, {
        created: page.created,
        updated: page.updated,
        deleted: deletedIds.length,
      });
      rows += upserted + deletedIds.length;
    }
    await store.driver.batch([...statements, ...bookkeeping(rows)]);
    store.notifier.emit(new Set(counts.keys()), 'pull');
    return { counts, discarded, rows, removed, departed };
  });
}

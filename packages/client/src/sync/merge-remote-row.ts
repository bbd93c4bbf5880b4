import type { Table } from '@clinicsync/schema';
import { quote } from '../store/local-schema.js';

/**
 * Local changes to a column win; the server's values fill every other column.
 *
 * One statement per table does the whole merge inside SQLite, so applying a
 * page needs no read of local rows:
 * - a row the device does not have is inserted as `synced` (a pulled
 *   `updated` for a missing row is a create);
 * - a `synced` row takes the server's values (a pulled `created` for an
 *   existing row is an update);
 * - an `updated` row keeps its local value in each column of `_changed` and
 *   stays `updated`, so the push sends those columns;
 * - a `created` row the server already has (usually our own push whose answer
 *   was lost) is treated like an updated one: columns edited since creation
 *   keep their local values; with none edited it becomes `synced`, as in
 *   WatermelonDB;
 * - a `deleted` row is left alone: the device's delete is pushed next.
 * `_rev` is not touched: it counts local writes only.
 */
export function mergeRemoteRowSql(table: Table): string {
  const names = table.columns.map((c) => quote(c.name));
  const merged = table.columns.map(
    (c) =>
      `${quote(c.name)} = CASE WHEN _changed != '' AND instr(',' || _changed || ',', ',${c.name},') > 0 THEN ${quote(c.name)} ELSE excluded.${quote(c.name)} END`,
  );
  return (
    `INSERT INTO ${quote(table.name)} (id, ${names.join(', ')}, _status, _changed, _rev) ` +
    `VALUES (?, ${names.map(() => '?').join(', ')}, 'synced', '', 0) ` +
    `ON CONFLICT(id) DO UPDATE SET ${merged.join(', ')}, ` +
    `_status = CASE WHEN _changed = '' THEN 'synced' ELSE _status END ` +
    `WHERE _status != 'deleted'`
  );
}

/**
 * A pulled delete always wins, as in WatermelonDB: keeping the row would
 * leave a record on this device that exists nowhere else. Its local edits
 * are not lost: applyRemoteChanges keeps them to be pushed to the server's
 * conflict log, and the sync report lists them as `discarded`. A local
 * tombstone stays until its delete is pushed: the record may only have left
 * the user's scope, and the delete is then the server's to refuse and log.
 */
export function deleteRemoteRowSql(table: Table): string {
  return `DELETE FROM ${quote(table.name)} WHERE id = ? AND _status != 'deleted'`;
}

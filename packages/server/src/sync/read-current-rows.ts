import type { AnyWireRow, Table } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import { ident, wireRowSql } from '../storage/sql-names.js';

export interface CurrentRow {
  readonly row: AnyWireRow;
  readonly deleted: boolean;
  readonly version: number;
  readonly writtenBy: string | null;
  readonly writtenDevice: string | null;
}

/**
 * The server's rows for `ids`, as wire values, locked for the rest of the
 * transaction. Ids are locked in sorted order so two pushes touching the same
 * rows queue instead of deadlocking.
 */
export async function readCurrentRows(
  tx: Queryable,
  table: Table,
  ids: readonly string[],
): Promise<Map<string, CurrentRow>> {
  const found = new Map<string, CurrentRow>();
  if (ids.length === 0) return found;
  const rows = await tx.query<{
    row: AnyWireRow;
    _deleted: boolean;
    _version: number;
    _written_by: string | null;
    _written_device: string | null;
  }>(
    `SELECT row_to_json(${wireRowSql(table, 't')}) AS row, t._deleted, t._version, t._written_by, t._written_device
       FROM ${ident(table.name)} t WHERE t.id = ANY($1::text[]) ORDER BY t.id FOR UPDATE`,
    [[...ids].sort()],
  );
  for (const r of rows) {
    found.set(r.row.id, {
      row: r.row,
      deleted: r._deleted,
      version: r._version,
      writtenBy: r._written_by,
      writtenDevice: r._written_device,
    });
  }
  return found;
}

/** Of `ids` in `table`, those that are tombstones. */
export async function findDeletedIds(
  tx: Queryable,
  table: Table,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.query<{ id: string }>(
    `SELECT id FROM ${ident(table.name)} WHERE id = ANY($1::text[]) AND _deleted`,
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}

import type { AnyWireRow, Table } from '@clinicsync/schema';
import type { Queryable } from '../../db/database.js';
import { ident, wireRowSql } from '../../storage/sql-names.js';

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

/**
 * Of the parent rows `ids` in `table`, those that are tombstones, locking
 * them all (FOR SHARE) until the transaction ends. Without the lock, a push
 * creating a child and another deleting its parent, at the same time, each
 * miss the other's uncommitted row: the child is written live under a
 * deleted parent and the cascade never reaches it. With it, whichever comes
 * second waits, then sees the first: the deleter's cascade finds the child,
 * or the child's writer finds the parent deleted. All rows are locked, not
 * only deleted ones, so the check is made on the latest committed row.
 */
export async function lockParents(
  tx: Queryable,
  table: Table,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.query<{ id: string; _deleted: boolean }>(
    `SELECT id, _deleted FROM ${ident(table.name)} WHERE id = ANY($1::text[]) ORDER BY id FOR SHARE`,
    [ids],
  );
  return new Set(rows.filter((r) => r._deleted).map((r) => r.id));
}

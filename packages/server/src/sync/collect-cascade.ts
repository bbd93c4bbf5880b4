import { childrenOf, syncedTablesParentFirst } from '@clinicsync/schema';
import type { AnyWireRow, TableName } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import { ident, wireRowSql } from '../storage/sql-names.js';

/**
 * Adds to `deleting` (table → id → row) every live row whose parent is being
 * deleted, transitively, and locks them. Tables are visited parents first, so
 * one pass reaches grandchildren (a patient's visits, then their events).
 */
export async function collectCascade(
  tx: Queryable,
  deleting: Map<TableName, Map<string, AnyWireRow>>,
): Promise<void> {
  for (const parent of syncedTablesParentFirst) {
    const parentIds = [...(deleting.get(parent.name)?.keys() ?? [])];
    if (parentIds.length === 0) continue;
    for (const { table, column } of childrenOf(parent.name)) {
      const rows = await tx.query<{ row: AnyWireRow }>(
        `SELECT row_to_json(${wireRowSql(table, 't')}) AS row FROM ${ident(table.name)} t
          WHERE t.${ident(column)} = ANY($1::text[]) AND NOT t._deleted ORDER BY t.id FOR UPDATE`,
        [parentIds],
      );
      if (rows.length === 0) continue;
      let children = deleting.get(table.name);
      if (!children) deleting.set(table.name, (children = new Map()));
      for (const { row } of rows) children.set(row.id, row);
    }
  }
}

import { childrenOf, syncedTablesParentFirst } from '@clinicsync/schema';
import type { AnyWireRow, TableName } from '@clinicsync/schema';
import type { Queryable } from '../../db/database.js';
import { ident, wireRowSql } from '../../storage/sql-names.js';

/** Rows a write turns into tombstones: table → id → the row as it was. */
export type RowsByTable = ReadonlyMap<TableName, ReadonlyMap<string, AnyWireRow>>;

/**
 * The live rows hanging under `deleting`, transitively (a patient's visits,
 * then their events), locked until commit; `deleting` itself is not
 * repeated. Tables are visited parents first, so one pass reaches
 * grandchildren.
 */
export async function collectCascade(tx: Queryable, deleting: RowsByTable): Promise<RowsByTable> {
  const found = new Map<TableName, Map<string, AnyWireRow>>();
  for (const parent of syncedTablesParentFirst) {
    const parentIds = [
      ...(deleting.get(parent.name)?.keys() ?? []),
      ...(found.get(parent.name)?.keys() ?? []),
    ];
    if (parentIds.length === 0) continue;
    for (const { table, column } of childrenOf(parent.name)) {
      const rows = await tx.query<{ row: AnyWireRow }>(
        `SELECT row_to_json(${wireRowSql(table, 't')}) AS row FROM ${ident(table.name)} t
          WHERE t.${ident(column)} = ANY($1::text[]) AND NOT t._deleted ORDER BY t.id FOR UPDATE`,
        [parentIds],
      );
      for (const { row } of rows) {
        if (deleting.get(table.name)?.has(row.id)) continue;
        let children = found.get(table.name);
        if (!children) found.set(table.name, (children = new Map()));
        children.set(row.id, row);
      }
    }
  }
  return found;
}

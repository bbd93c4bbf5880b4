import { defaultValue, getTable } from '@clinicsync/schema';
import type { AnyWireRow, TableName } from '@clinicsync/schema';

let counter = 0;

/** A complete wire row for `table`: defaults, then `values`. */
export function makeRow(table: TableName, values: Record<string, unknown> = {}): AnyWireRow {
  const row: AnyWireRow = {
    id: `${table.slice(0, 3)}-${++counter}-${Math.random().toString(36).slice(2, 8)}`,
  };
  for (const column of getTable(table).columns) {
    row[column.name] = defaultValue(column);
    if (column.kind === 'json' && !column.optional) row[column.name] = '{}';
    if (column.kind === 'time' && !column.optional) row[column.name] = 1_700_000_000_000 + counter;
  }
  return { ...row, ...values } as AnyWireRow;
}

/** A raw as WatermelonDB pushes it: the row plus `_status` and `_changed`. */
export function asPushed(
  row: AnyWireRow,
  status: 'created' | 'updated',
  changed: readonly string[] = [],
) {
  return { ...row, _status: status, _changed: changed.join(',') };
}

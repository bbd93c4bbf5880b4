import { defaultValue, getTable } from '@clinicsync/schema';
import type { AnyWireRow, Column, TableName } from '@clinicsync/schema';

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

/** A value unlike WatermelonDB's defaults, so a column lost on the way shows. */
export function sampleValue(column: Column, n: number): string | number | boolean {
  switch (column.kind) {
    case 'text':
      return `${column.name} ✓ «${n}» "quoted" \\ back 🩺`;
    case 'json':
      return JSON.stringify({ note: `${column.name} ${n}`, nested: { list: [1, 2.5, 'três'] } });
    case 'time':
      return 1_700_000_000_000 + n * 1000 + 123;
    case 'date':
      return '1988-02-29';
    case 'float':
      return n + 0.25;
    case 'boolean':
      return true;
    case 'decimal':
      return `${n}.50`;
  }
}

/** Every column of `table` set to a sample value, foreign keys from `links`. */
export function sampleRow(
  table: TableName,
  n: number,
  links: Record<string, string> = {},
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of getTable(table).columns) {
    row[column.name] = links[column.name] ?? sampleValue(column, n);
  }
  return row;
}

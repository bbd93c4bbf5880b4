import { defaultValue } from '@clinicsync/schema';
import type { AnyWireRow, PushedRecord, Table } from '@clinicsync/schema';

type WireValue = AnyWireRow[string];

// Bookkeeping stamps every edit changes (WatermelonDB bumps updated_at on each
// update): both devices changing them is not a clinical conflict. The value is
// still merged and kept in the change history.
const stampColumns = new Set(['updated_at', 'last_modified', 'last_modified_by']);

/** A write by someone else to a column, since the pushing device's conflict base. */
export interface OtherWrite {
  readonly userId: string | null;
  readonly deviceId: string | null;
  readonly version: number;
}

export interface ColumnConflict {
  readonly column: string;
  readonly applied: WireValue;
  readonly replaced: WireValue;
  readonly replacedBy: OtherWrite;
}

export type MergeOutcome =
  | { readonly kind: 'create'; readonly row: AnyWireRow }
  | {
      readonly kind: 'update';
      readonly row: AnyWireRow;
      readonly before: Record<string, WireValue>;
      readonly after: Record<string, WireValue>;
      readonly conflicts: readonly ColumnConflict[];
    }
  | { readonly kind: 'unchanged' };

/** A new row: the pushed values over WatermelonDB's defaults for any column left out. */
export function completeRow(table: Table, values: AnyWireRow): AnyWireRow {
  const row: AnyWireRow = { id: values.id };
  for (const column of table.columns) {
    row[column.name] = column.name in values ? values[column.name]! : defaultValue(column);
  }
  return row;
}

/**
 * Merges one pushed record into the server's row, column by column.
 *
 * The device's edited columns win: only the columns in its `_changed` (all it
 * sent when it names none) are written, so other columns keep the server's
 * values. A written column that someone else changed since the device's
 * conflict base is a conflict: the device's value is applied and the value it
 * replaces is reported, so nothing is lost silently. A column whose value does
 * not change is not a write at all, which makes a replayed push a no-op.
 */
export function mergeRecord(
  table: Table,
  record: PushedRecord,
  current: AnyWireRow | undefined,
  othersChanged: ReadonlyMap<string, OtherWrite>,
): MergeOutcome {
  if (!current) return { kind: 'create', row: completeRow(table, record.row) };
  const columns = record.changed ?? Object.keys(record.row).filter((name) => name !== 'id');
  const before: Record<string, WireValue> = {};
  const after: Record<string, WireValue> = {};
  const conflicts: ColumnConflict[] = [];
  for (const column of columns) {
    if (!(column in record.row)) continue;
    const value = record.row[column]!;
    const old = current[column]!;
    if (Object.is(value, old)) continue;
    before[column] = old;
    after[column] = value;
    const other = othersChanged.get(column);
    if (other && !stampColumns.has(column))
      conflicts.push({ column, applied: value, replaced: old, replacedBy: other });
  }
  if (Object.keys(after).length === 0) return { kind: 'unchanged' };
  return { kind: 'update', row: { ...current, ...after }, before, after, conflicts };
}

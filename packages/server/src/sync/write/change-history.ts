import type { AnyWireRow, TableName } from '@clinicsync/schema';
import type { Queryable } from '../../db/database.js';
import type { Actor } from './actor.js';

type Values = Record<string, unknown>;

/**
 * One accepted change in the audit trail: the row's values before and after
 * (only the columns written, for an update). The write's version, user,
 * device and cursor are stamped on every entry when it is appended.
 */
export interface HistoryEntry {
  readonly table_name: TableName;
  readonly row_id: string;
  readonly op: 'create' | 'update' | 'delete';
  readonly before: Values | null;
  readonly after: Values | null;
}

export function createdEntry(table: TableName, row: AnyWireRow): HistoryEntry {
  return { table_name: table, row_id: row.id, op: 'create', before: null, after: row };
}

export function updatedEntry(
  table: TableName,
  id: string,
  before: Values,
  after: Values,
): HistoryEntry {
  return { table_name: table, row_id: id, op: 'update', before, after };
}

export function deletedEntry(table: TableName, row: AnyWireRow): HistoryEntry {
  return { table_name: table, row_id: row.id, op: 'delete', before: row, after: null };
}

/** Appends the audit trail of one write, in one statement. */
export async function appendHistory(
  tx: Queryable,
  entries: readonly HistoryEntry[],
  version: number,
  actor: Actor,
): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO change_history (version, table_name, row_id, op, user_id, device_id, cursor, before, after)
     SELECT $2, x.table_name, x.row_id, x.op, $3, $4, $5, x.before, x.after
       FROM json_to_recordset($1::json) AS x(table_name text, row_id text, op text, before json, after json)`,
    [JSON.stringify(entries), version, actor.userId, actor.deviceId, actor.cursor],
  );
}

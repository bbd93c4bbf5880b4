import type { AnyWireRow, Table } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import { fromWireSql, ident, wireType } from '../storage/sql-names.js';
import type { Actor } from './actor.js';

const upsertSqlCache = new Map<string, string>();

function upsertSql(table: Table): string {
  let sql = upsertSqlCache.get(table.name);
  if (sql) return sql;
  const names = table.columns.map((c) => ident(c.name));
  const recordset = ['id text', ...table.columns.map((c) => `${ident(c.name)} ${wireType(c)}`)];
  const values = table.columns.map((c) => fromWireSql(c, `x.${ident(c.name)}`));
  const written = ['_written_by', '_written_device', '_written_cursor', '_written_at'];
  sql = `INSERT INTO ${ident(table.name)} (id, ${names.join(', ')}, _version, _created_version, _deleted,
           _created_by, _created_device, _created_cursor, ${written.join(', ')})
         SELECT x.id, ${values.join(', ')}, $2, $2, x._deleted, $3, $4, $5, $3, $4, $5, now()
           FROM json_to_recordset($1::json) AS x(${recordset.join(', ')}, _deleted boolean)
         ON CONFLICT (id) DO UPDATE SET
           ${[...names, '_version', '_deleted', ...written].map((n) => `${n} = excluded.${n}`).join(', ')}`;
  upsertSqlCache.set(table.name, sql);
  return sql;
}

/** Writes whole rows (created or merged) of one table in one statement. */
export async function upsertRows(
  tx: Queryable,
  table: Table,
  rows: readonly { row: AnyWireRow; deleted: boolean }[],
  version: number,
  actor: Actor,
): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map(({ row, deleted }) => ({ ...row, _deleted: deleted })));
  await tx.query(upsertSql(table), [json, version, actor.userId, actor.deviceId, actor.cursor]);
}

/** Turns rows of one table into tombstones, in one statement. */
export async function tombstoneRows(
  tx: Queryable,
  table: Table,
  ids: readonly string[],
  version: number,
  actor: Actor,
): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(
    `UPDATE ${ident(table.name)} SET _deleted = true, _version = $2, _written_by = $3,
       _written_device = $4, _written_cursor = $5, _written_at = now()
     WHERE id = ANY($1::text[])`,
    [ids, version, actor.userId, actor.deviceId, actor.cursor],
  );
}

export interface HistoryEntry {
  table_name: string;
  row_id: string;
  op: 'create' | 'update' | 'delete';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
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

export interface ConflictEntry {
  table_name: string;
  row_id: string;
  column_name: string | null;
  kind: 'column' | 'row_deleted';
  applied_value: unknown;
  replaced_value: unknown;
  replaced_by: string | null;
  replaced_device: string | null;
  replaced_version: number | null;
}

/**
 * Drops the "row deleted" conflicts already logged with the same values: a
 * replayed push of an edit to a deleted row logs nothing new.
 */
export async function dropLoggedConflicts(
  tx: Queryable,
  entries: readonly ConflictEntry[],
): Promise<ConflictEntry[]> {
  const rowConflicts = entries.flatMap((e, i) =>
    e.kind === 'row_deleted'
      ? [{ i, table_name: e.table_name, row_id: e.row_id, applied_value: e.applied_value }]
      : [],
  );
  if (rowConflicts.length === 0) return [...entries];
  const logged = await tx.query<{ i: number }>(
    `SELECT x.i FROM json_to_recordset($1::json) AS x(i int, table_name text, row_id text, applied_value jsonb)
      WHERE EXISTS (SELECT 1 FROM conflicts c WHERE c.kind = 'row_deleted' AND c.table_name = x.table_name
                      AND c.row_id = x.row_id AND c.applied_value = x.applied_value)`,
    [JSON.stringify(rowConflicts)],
  );
  const drop = new Set(logged.map((r) => r.i));
  return entries.filter((_, i) => !drop.has(i));
}

/** Appends conflicts to the conflict log, in one statement. */
export async function appendConflicts(
  tx: Queryable,
  entries: readonly ConflictEntry[],
  version: number,
  actor: Actor,
): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO conflicts (table_name, row_id, column_name, kind, applied_value, replaced_value,
       applied_by, applied_device, applied_version, replaced_by, replaced_device, replaced_version)
     SELECT x.table_name, x.row_id, x.column_name, x.kind, x.applied_value, x.replaced_value,
       $2, $3, $4, x.replaced_by, x.replaced_device, x.replaced_version
       FROM json_to_recordset($1::json) AS x(table_name text, row_id text, column_name text, kind text,
         applied_value jsonb, replaced_value jsonb, replaced_by text, replaced_device text, replaced_version bigint)`,
    [JSON.stringify(entries), actor.userId, actor.deviceId, version],
  );
}

import type { AnyWireRow, Table } from '@clinicsync/schema';
import type { Queryable } from '../../db/database.js';
import { fromWireSql, ident, wireType } from '../../storage/sql-names.js';
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

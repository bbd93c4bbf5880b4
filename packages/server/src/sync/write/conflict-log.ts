import type { AnyWireRow, RejectedRecord, TableName } from '@clinicsync/schema';
import type { Queryable } from '../../db/database.js';
import type { Actor } from './actor.js';
import type { ColumnConflict } from './merge-columns.js';
import type { CurrentRow } from './read-current-rows.js';

/**
 * One entry of the conflict log: a value the write replaced that someone
 * else had written (`column`), a whole pushed row that could not apply
 * because the row is deleted (`row_deleted`), or a pushed record the server
 * refused (`refused`, with its `reason`). The applying user, device and
 * version are stamped when it is appended; `clinic_id`, the record's clinic,
 * lets an admin see their clinics' entries.
 */
export interface ConflictEntry {
  readonly table_name: TableName;
  readonly row_id: string;
  readonly column_name: string | null;
  readonly kind: 'column' | 'row_deleted' | 'refused';
  readonly applied_value: unknown;
  readonly replaced_value: unknown;
  readonly replaced_by: string | null;
  readonly replaced_device: string | null;
  readonly replaced_version: number | null;
  readonly reason?: RejectedRecord['reason'];
  readonly clinic_id?: string | null;
}

export function columnConflictEntry(
  table: TableName,
  id: string,
  conflict: ColumnConflict,
): ConflictEntry {
  return {
    table_name: table,
    row_id: id,
    column_name: conflict.column,
    kind: 'column',
    applied_value: conflict.applied,
    replaced_value: conflict.replaced,
    replaced_by: conflict.replacedBy.userId,
    replaced_device: conflict.replacedBy.deviceId,
    replaced_version: conflict.replacedBy.version,
  };
}

/** A pushed row kept out by a delete: its values are logged, never lost. */
export function rowDeletedEntry(
  table: TableName,
  pushed: AnyWireRow,
  current: CurrentRow | undefined,
): ConflictEntry {
  return {
    table_name: table,
    row_id: pushed.id,
    column_name: null,
    kind: 'row_deleted',
    applied_value: pushed,
    replaced_value: null,
    replaced_by: current?.writtenBy ?? null,
    replaced_device: current?.writtenDevice ?? null,
    replaced_version: current?.version ?? null,
  };
}

/**
 * A pushed record the server refused: its values (the row, or `{id,
 * deleted: true}`) are kept for an administrator, never lost.
 */
export function refusedEntry(refused: {
  readonly table: TableName;
  readonly id: string;
  readonly reason: RejectedRecord['reason'];
  readonly clinicId: string | null;
  readonly values: unknown;
}): ConflictEntry {
  return {
    table_name: refused.table,
    row_id: refused.id,
    column_name: null,
    kind: 'refused',
    applied_value: refused.values,
    replaced_value: null,
    replaced_by: null,
    replaced_device: null,
    replaced_version: null,
    reason: refused.reason,
    clinic_id: refused.clinicId,
  };
}

/**
 * Drops the whole-record entries ("row deleted", "refused") already logged
 * with the same values and reason: a replayed push, or a device pushing a
 * refused record again at its next sync, logs nothing new.
 */
export async function dropLoggedConflicts(
  tx: Queryable,
  entries: readonly ConflictEntry[],
): Promise<ConflictEntry[]> {
  const rowConflicts = entries.flatMap((e, i) =>
    e.kind === 'column'
      ? []
      : [
          {
            i,
            kind: e.kind,
            table_name: e.table_name,
            row_id: e.row_id,
            applied_value: e.applied_value,
            reason: e.reason ?? null,
          },
        ],
  );
  if (rowConflicts.length === 0) return [...entries];
  const logged = await tx.query<{ i: number }>(
    `SELECT x.i FROM json_to_recordset($1::json)
                  AS x(i int, kind text, table_name text, row_id text, applied_value jsonb, reason text)
      WHERE EXISTS (SELECT 1 FROM conflicts c WHERE c.table_name = x.table_name AND c.row_id = x.row_id
                      AND c.kind = x.kind AND c.applied_value = x.applied_value
                      AND c.reason IS NOT DISTINCT FROM x.reason)`,
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
       applied_by, applied_device, applied_version, replaced_by, replaced_device, replaced_version,
       reason, clinic_id)
     SELECT x.table_name, x.row_id, x.column_name, x.kind, x.applied_value, x.replaced_value,
       $2, $3, $4, x.replaced_by, x.replaced_device, x.replaced_version, x.reason, x.clinic_id
       FROM json_to_recordset($1::json) AS x(table_name text, row_id text, column_name text, kind text,
         applied_value jsonb, replaced_value jsonb, replaced_by text, replaced_device text, replaced_version bigint,
         reason text, clinic_id text)`,
    [JSON.stringify(entries), actor.userId, actor.deviceId, version],
  );
}

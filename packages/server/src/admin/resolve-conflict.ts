import { isDeepStrictEqual } from 'node:util';
import { getTable } from '@clinicsync/schema';
import type { AnyWireRow, ConflictEntry, TableName } from '@clinicsync/schema';
import type { Database, Queryable } from '../db/database.js';
import { retryTransaction } from '../db/retry-transaction.js';
import { AppError } from '../errors.js';
import { readCurrentRows } from '../sync/write/read-current-rows.js';
import type { CurrentRow } from '../sync/write/read-current-rows.js';
import type { AdminReach } from './admin-reach.js';
import { clinicsRefusal, requireReach } from './admin-reach.js';
import { appendAccess } from './append-access.js';
import { conflictColumns, toConflictEntry } from './list-conflicts.js';
import type { ConflictRow } from './list-conflicts.js';
import { writeServerRows } from './write-server-rows.js';

export type Resolution = 'keep' | 'restore';

/**
 * The change a restore writes: the replaced value back in its column, with
 * the row's bookkeeping stamps saying the administrator changed it now.
 * Pure; throws 409 `conflict` when the value to undo is no longer there (the
 * row was deleted, or changed again since), with the current value in
 * `details`, and 400 when the entry holds no replaced column value.
 *
 * @example
 * const change = planRestore(conflict, current, admin.id, Date.now());
 */
export function planRestore(
  conflict: ConflictRow,
  current: CurrentRow | undefined,
  actingUserId: string,
  now: number,
): AnyWireRow {
  const column = conflict.column_name;
  if (conflict.kind !== 'column' || column === null) {
    throw new AppError(
      'bad_request',
      `Conflict ${conflict.id} is a whole ${conflict.kind === 'refused' ? 'refused record' : 'record written to a deleted row'}; only a replaced column value can be restored.`,
    );
  }
  if (!current || current.deleted) {
    throw new AppError(
      'conflict',
      `The ${conflict.table_name} record ${conflict.row_id} has been deleted since; nothing was restored.`,
      { deleted: true, current_value: null },
    );
  }
  const currentValue = current.row[column] ?? null;
  if (!isDeepStrictEqual(currentValue, conflict.applied_value)) {
    throw new AppError(
      'conflict',
      `${conflict.table_name}.${column} of ${conflict.row_id} has been changed again since this conflict; nothing was restored.`,
      { deleted: false, current_value: currentValue },
    );
  }
  const table = getTable(conflict.table_name as TableName);
  const change: AnyWireRow = {
    id: conflict.row_id,
    [column]: conflict.replaced_value as AnyWireRow[string],
  };
  if (table.columnsByName.has('last_modified_by')) change['last_modified_by'] = actingUserId;
  if (table.columnsByName.has('last_modified')) change['last_modified'] = now;
  if (table.columnsByName.has('updated_at')) change['updated_at'] = now;
  return change;
}

async function lockConflict(tx: Queryable, id: number): Promise<ConflictRow> {
  const [conflict] = await tx.query<ConflictRow>(
    `SELECT ${conflictColumns} FROM conflicts c WHERE c.id = $1 FOR UPDATE`,
    [id],
  );
  if (!conflict) throw new AppError('not_found', `There is no conflict ${id}.`);
  return conflict;
}

/**
 * Resolves a conflict of the log. `keep`: the applied value stands; the
 * conflict is marked reviewed. `restore`: the replaced value is written back
 * through the write path, as a new version every device pulls (the push's
 * transaction and counter discipline, retried like a push), and the restore
 * goes to the access log. Either way who, when and how is stored with the
 * conflict, in the same transaction. Returns the resolved conflict.
 *
 * Errors: 404 for an unknown conflict; 403 when it is not of the admin's
 * clinics; 409 `conflict` when it is resolved already, or (restore) when its
 * row was deleted or changed again since (see `planRestore`).
 *
 * @example
 * const resolved = await resolveConflict(db, reach, 42, 'restore');
 */
export function resolveConflict(
  db: Database,
  reach: AdminReach,
  id: number,
  action: Resolution,
): Promise<ConflictEntry> {
  return retryTransaction(() =>
    db.transaction(async (tx) => {
      const conflict = await lockConflict(tx, id);
      requireReach(
        conflict.clinic_id === null && !reach.whole
          ? `Conflict ${id} belongs to no clinic; only a super_admin may resolve it.`
          : clinicsRefusal(reach, conflict.clinic_id === null ? [] : [conflict.clinic_id]),
      );
      if (conflict.resolved_action !== null) {
        throw new AppError('conflict', `Conflict ${id} was resolved already.`, {
          resolved: toConflictEntry(conflict).resolved,
        });
      }
      if (action === 'restore') {
        const table = getTable(conflict.table_name as TableName);
        const rows = await readCurrentRows(tx, table, [conflict.row_id]);
        const change = planRestore(conflict, rows.get(conflict.row_id), reach.userId, Date.now());
        await writeServerRows(tx, [{ table: table.name, updated: [change] }], reach.userId);
        await appendAccess(tx, {
          userId: reach.userId,
          action: 'restore',
          target: `conflict ${id}: ${conflict.table_name} ${conflict.row_id} ${conflict.column_name}`,
          clinicIds: conflict.clinic_id === null ? [] : [conflict.clinic_id],
        });
      }
      const [resolved] = await tx.query<ConflictRow>(
        `UPDATE conflicts c SET resolved_by = $2, resolved_at = now(), resolved_action = $3
          WHERE c.id = $1 RETURNING ${conflictColumns}`,
        [id, reach.userId, action],
      );
      return toConflictEntry(resolved!);
    }),
  );
}

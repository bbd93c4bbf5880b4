import type { PushedTableChanges, TableName } from '@clinicsync/schema';
import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { blankErasedAgain } from '../../patients/blank-erased-again.js';
import type { Actor } from './actor.js';
import { applyWrite } from './apply-write.js';
import { collectCascade } from './collect-cascade.js';
import { dropLoggedConflicts } from './conflict-log.js';
import type { ConflictEntry } from './conflict-log.js';
import { planWrite, withCascade, writtenRows } from './plan-write.js';
import type { WriteCounts } from './plan-write.js';
import { readWriteInputs } from './read-write-inputs.js';

export type ConflictMode = 'merge' | 'reject';

export interface WriteOptions {
  /** `reject`: a conflict is a 409 and nothing is written. Default `merge`. */
  readonly mode?: ConflictMode;
  /** Entries for records refused before the write (kind `refused`), logged with it. */
  readonly refused?: readonly ConflictEntry[];
  /** The clinic of each written record, stamped on the conflicts the write logs. */
  readonly clinics?: ReadonlyMap<TableName, ReadonlyMap<string, string>>;
}

export interface WriteResult {
  /** The version the write committed as, or null when nothing changed (a replay). */
  readonly version: number | null;
  readonly counts: WriteCounts;
  /** Conflicts logged (refused records not counted). */
  readonly conflicts: number;
}

/**
 * The one write path: pushes, administration calls and the seeder all go
 * through it, so every row carries versions and every change its history.
 *
 * Within the caller's transaction: read and lock what the write touches,
 * plan it (pure), add the cascading deletes, drop conflicts and refusals a
 * replay already logged, then apply the plan. A write that changes nothing
 * and logs nothing takes no version. In `reject` mode a conflict is a 409 and
 * nothing is written; refused records are not conflicts and never cause one.
 */
export async function writeChanges(
  tx: Queryable,
  changes: readonly PushedTableChanges[],
  actor: Actor,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const inputs = await readWriteInputs(tx, changes, actor);
  const planned = planWrite(changes, inputs);
  const plan = withCascade(planned, await collectCascade(tx, planned.deletes));
  const { clinics } = options;
  const stamped = clinics
    ? plan.conflicts.map((c) => ({
        ...c,
        clinic_id: clinics.get(c.table_name)?.get(c.row_id) ?? null,
      }))
    : plan.conflicts;
  const entries = await dropLoggedConflicts(tx, [...stamped, ...(options.refused ?? [])]);
  const conflicts = entries.filter((c) => c.kind !== 'refused');
  if (writtenRows(plan) === 0 && entries.length === 0) {
    return { version: null, counts: plan.counts, conflicts: 0 };
  }
  if (options.mode === 'reject' && conflicts.length > 0) {
    throw new AppError('conflict', 'Someone else changed these records since your last sync.', {
      conflicts: conflicts.map((c) => ({
        table: c.table_name,
        id: c.row_id,
        column: c.column_name,
      })),
    });
  }
  const version = await applyWrite(tx, { ...plan, conflicts: entries }, actor);
  await blankErasedAgain(tx, entries);
  return { version, counts: plan.counts, conflicts: conflicts.length };
}

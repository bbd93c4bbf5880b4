import { getTable } from '@clinicsync/schema';
import type { AnyWireRow, TableName } from '@clinicsync/schema';
import type { Queryable } from '../../db/database.js';
import { refreshScopeSpans } from '../../scope/scope-spans.js';
import type { TouchedRows } from '../../scope/scope-spans.js';
import { takeNextVersion } from '../version.js';
import type { Actor } from './actor.js';
import { appendHistory } from './change-history.js';
import { appendConflicts } from './conflict-log.js';
import type { WritePlan } from './plan-write.js';
import { tombstoneRows, upsertRows } from './row-statements.js';

/**
 * Runs a plan: takes the next version (the counter's row lock, as late as
 * possible, so versions commit in order), then one statement per table for
 * the upserts, one per table for the deletes, one for the history and one
 * for the conflicts; then the scope spans of the patients and users it
 * touched. Returns the version the write commits as.
 */
export async function applyWrite(tx: Queryable, plan: WritePlan, actor: Actor): Promise<number> {
  const version = await takeNextVersion(tx);
  for (const [table, upserts] of plan.upserts) {
    await upsertRows(tx, getTable(table), upserts, version, actor);
  }
  for (const [table, rows] of plan.deletes) {
    await tombstoneRows(tx, getTable(table), [...rows.keys()], version, actor);
  }
  await appendHistory(tx, plan.history, version, actor);
  await appendConflicts(tx, plan.conflicts, version, actor);
  await refreshScopeSpans(tx, touchedRows(plan), version);
  return version;
}

function touchedRows(plan: WritePlan): TouchedRows {
  const touched = new Map<TableName, AnyWireRow[]>();
  for (const [table, upserts] of plan.upserts)
    touched.set(
      table,
      upserts.map((u) => u.row),
    );
  for (const [table, rows] of plan.deletes) {
    touched.set(table, [...(touched.get(table) ?? []), ...rows.values()]);
  }
  return touched;
}

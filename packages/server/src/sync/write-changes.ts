import { getTable } from '@clinicsync/schema';
import type { AnyWireRow, PushedTableChanges, Table, TableName } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import type { Actor } from './actor.js';
import { collectCascade } from './collect-cascade.js';
import { findOtherWrites } from './find-other-writes.js';
import { completeRow, mergeRecord } from './merge-columns.js';
import { lockParents, readCurrentRows } from './read-current-rows.js';
import { takeNextVersion } from './version.js';
import {
  appendConflicts,
  appendHistory,
  dropLoggedConflicts,
  tombstoneRows,
  upsertRows,
} from './write-rows.js';
import type { ConflictEntry, HistoryEntry } from './write-rows.js';

export type ConflictMode = 'merge' | 'reject';

export interface TableCounts {
  created: number;
  updated: number;
  deleted: number;
}

export interface WriteResult {
  /** The version the write committed as, or null when nothing changed (a replay). */
  readonly version: number | null;
  readonly counts: Partial<Record<TableName, TableCounts>>;
  readonly conflicts: number;
}

interface TablePlan {
  readonly table: Table;
  readonly upserts: { row: AnyWireRow; deleted: boolean }[];
}

/**
 * Of the records pushed for `table`, those whose parent row is deleted on the
 * server or in this very write: they stay deleted (delete wins). Parents are
 * locked until commit (see lockParents); those this write just created live
 * are known alive and not looked up.
 */
async function findOrphans(
  tx: Queryable,
  table: Table,
  rows: readonly AnyWireRow[],
  deleting: ReadonlyMap<TableName, ReadonlyMap<string, AnyWireRow>>,
  createdLive: ReadonlyMap<TableName, ReadonlySet<string>>,
): Promise<Set<string>> {
  const orphans = new Set<string>();
  for (const parent of table.parents) {
    const alive = createdLive.get(parent.table);
    const parentIds = [
      ...new Set(
        rows
          .map((r) => r[parent.column])
          .filter((v): v is string => typeof v === 'string' && !alive?.has(v)),
      ),
    ];
    if (parentIds.length === 0) continue;
    const deletedParents = await lockParents(tx, getTable(parent.table), parentIds);
    for (const id of deleting.get(parent.table)?.keys() ?? []) deletedParents.add(id);
    for (const row of rows) {
      if (deletedParents.has(row[parent.column] as string)) orphans.add(row.id);
    }
  }
  return orphans;
}

function countFor(counts: WriteResult['counts'], table: TableName): TableCounts {
  return (counts[table] ??= { created: 0, updated: 0, deleted: 0 });
}

/**
 * The one write path: pushes, administration calls and the seeder all go
 * through it, so every row carries versions and every change its history.
 *
 * Within the caller's transaction: read and lock the rows touched, merge
 * column by column, find cascading deletes, then take the next version as
 * late as possible and write each table in one statement.
 */
export async function writeChanges(
  tx: Queryable,
  changes: readonly PushedTableChanges[],
  actor: Actor,
  mode: ConflictMode = 'merge',
): Promise<WriteResult> {
  const plans: TablePlan[] = [];
  const history: HistoryEntry[] = [];
  const found: ConflictEntry[] = [];
  const deleting = new Map<TableName, Map<string, AnyWireRow>>();
  const counts: WriteResult['counts'] = {};
  const createdLive = new Map<TableName, Set<string>>();

  for (const { table, created, updated, deleted } of changes) {
    const records = [...created, ...updated];
    const current = await readCurrentRows(tx, table, [...records.map((r) => r.row.id), ...deleted]);
    const orphans = await findOrphans(
      tx,
      table,
      records.map((r) => r.row),
      deleting,
      createdLive,
    );
    const liveIds = records.map((r) => r.row.id).filter((id) => current.get(id)?.deleted === false);
    const otherWrites = await findOtherWrites(tx, table, liveIds, actor);
    const plan: TablePlan = { table, upserts: [] };
    plans.push(plan);

    for (const record of records) {
      const id = record.row.id;
      const existing = current.get(id);
      if (existing?.deleted || orphans.has(id)) {
        // Delete wins over an edit: the row stays deleted, the edit is logged.
        found.push({
          table_name: table.name,
          row_id: id,
          column_name: null,
          kind: 'row_deleted',
          applied_value: record.row,
          replaced_value: null,
          replaced_by: existing?.writtenBy ?? null,
          replaced_device: existing?.writtenDevice ?? null,
          replaced_version: existing?.version ?? null,
        });
        if (existing && !existing.deleted) {
          // A live row under a deleted parent (left by a cascade that could not
          // see it): delete it now, so every device is told, and its children too.
          let rows = deleting.get(table.name);
          if (!rows) deleting.set(table.name, (rows = new Map()));
          rows.set(id, existing.row);
        }
        if (!existing) {
          // Keep the row, as a tombstone, so the device is told it is deleted.
          const row = completeRow(table, record.row);
          plan.upserts.push({ row, deleted: true });
          history.push({
            table_name: table.name,
            row_id: id,
            op: 'create',
            before: null,
            after: row,
          });
          history.push({
            table_name: table.name,
            row_id: id,
            op: 'delete',
            before: row,
            after: null,
          });
        }
        continue;
      }
      const outcome = mergeRecord(table, record, existing?.row, otherWrites.get(id) ?? new Map());
      if (outcome.kind === 'unchanged') continue;
      plan.upserts.push({ row: outcome.row, deleted: false });
      if (outcome.kind === 'create') {
        countFor(counts, table.name).created++;
        let ids = createdLive.get(table.name);
        if (!ids) createdLive.set(table.name, (ids = new Set()));
        ids.add(id);
        history.push({
          table_name: table.name,
          row_id: id,
          op: 'create',
          before: null,
          after: outcome.row,
        });
        continue;
      }
      countFor(counts, table.name).updated++;
      history.push({
        table_name: table.name,
        row_id: id,
        op: 'update',
        before: outcome.before,
        after: outcome.after,
      });
      for (const c of outcome.conflicts) {
        found.push({
          table_name: table.name,
          row_id: id,
          column_name: c.column,
          kind: 'column',
          applied_value: c.applied,
          replaced_value: c.replaced,
          replaced_by: c.replacedBy.userId,
          replaced_device: c.replacedBy.deviceId,
          replaced_version: c.replacedBy.version,
        });
      }
    }

    for (const id of deleted) {
      const existing = current.get(id);
      // Deleting an unknown or already deleted row changes nothing.
      if (!existing || existing.deleted) continue;
      let rows = deleting.get(table.name);
      if (!rows) deleting.set(table.name, (rows = new Map()));
      rows.set(id, existing.row);
    }
  }

  await collectCascade(tx, deleting);
  const conflicts = await dropLoggedConflicts(tx, found);
  const deletes = [...deleting].flatMap(([, rows]) => [...rows.keys()]).length;
  const writes = plans.reduce((n, p) => n + p.upserts.length, 0) + deletes;
  if (writes === 0 && conflicts.length === 0) return { version: null, counts, conflicts: 0 };
  if (mode === 'reject' && conflicts.length > 0) {
    throw new AppError('conflict', 'Someone else changed these records since your last sync.', {
      conflicts: conflicts.map((c) => ({
        table: c.table_name,
        id: c.row_id,
        column: c.column_name,
      })),
    });
  }

  const version = await takeNextVersion(tx);
  for (const plan of plans) await upsertRows(tx, plan.table, plan.upserts, version, actor);
  for (const [tableName, rows] of deleting) {
    await tombstoneRows(tx, getTable(tableName), [...rows.keys()], version, actor);
    countFor(counts, tableName).deleted += rows.size;
    for (const [id, row] of rows) {
      history.push({ table_name: tableName, row_id: id, op: 'delete', before: row, after: null });
    }
  }
  await appendHistory(tx, history, version, actor);
  await appendConflicts(tx, conflicts, version, actor);
  return { version, counts, conflicts: conflicts.length };
}

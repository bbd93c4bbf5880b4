import type { AnyWireRow, PushedTableChanges, Table, TableName } from '@clinicsync/schema';
import { createdEntry, deletedEntry, updatedEntry } from './change-history.js';
import type { HistoryEntry } from './change-history.js';
import type { RowsByTable } from './collect-cascade.js';
import { columnConflictEntry, rowDeletedEntry } from './conflict-log.js';
import type { ConflictEntry } from './conflict-log.js';
import { completeRow, mergeRecord } from './merge-columns.js';
import type { WriteInputs } from './read-write-inputs.js';

export interface TableCounts {
  created: number;
  updated: number;
  deleted: number;
}

export type WriteCounts = Partial<Record<TableName, TableCounts>>;

/** A whole row to write: created, merged, or kept as a tombstone. */
export interface Upsert {
  readonly row: AnyWireRow;
  readonly deleted: boolean;
}

/** What one write does, decided before anything is written. */
export interface WritePlan {
  /** Per table, parents first: rows to insert or overwrite, each in one statement. */
  readonly upserts: ReadonlyMap<TableName, readonly Upsert[]>;
  /** Live rows to turn into tombstones: pushed deletes, and rows found under a deleted parent. */
  readonly deletes: RowsByTable;
  readonly history: readonly HistoryEntry[];
  readonly conflicts: readonly ConflictEntry[];
  readonly counts: WriteCounts;
}

const noOtherWrites = new Map();

class PlanBuilder {
  readonly upserts = new Map<TableName, Upsert[]>();
  readonly deletes = new Map<TableName, Map<string, AnyWireRow>>();
  /** Rows that are or stay tombstones after this write: a child pushed under one is an orphan. */
  readonly tombstones = new Map<TableName, Set<string>>();
  readonly history: HistoryEntry[] = [];
  readonly conflicts: ConflictEntry[] = [];
  readonly counts: WriteCounts = {};

  count(table: TableName): TableCounts {
    return (this.counts[table] ??= { created: 0, updated: 0, deleted: 0 });
  }

  upsert(table: TableName, upsert: Upsert): void {
    let list = this.upserts.get(table);
    if (!list) this.upserts.set(table, (list = []));
    list.push(upsert);
  }

  tombstone(table: TableName, id: string): void {
    let ids = this.tombstones.get(table);
    if (!ids) this.tombstones.set(table, (ids = new Set()));
    ids.add(id);
  }

  delete(table: TableName, row: AnyWireRow): void {
    let rows = this.deletes.get(table);
    if (!rows) this.deletes.set(table, (rows = new Map()));
    rows.set(row.id, row);
    this.tombstone(table, row.id);
  }
}

/** Whether `row` points at a parent that is deleted, or deleted by this very write. */
function isOrphan(table: Table, row: AnyWireRow, inputs: WriteInputs, plan: PlanBuilder): boolean {
  return table.parents.some(({ table: parent, column }) => {
    const id = row[column];
    if (typeof id !== 'string') return false;
    return (
      plan.tombstones.get(parent)?.has(id) === true ||
      inputs.get(table.name)?.deletedParents.get(parent)?.has(id) === true
    );
  });
}

function planTable(changes: PushedTableChanges, inputs: WriteInputs, plan: PlanBuilder): void {
  const { table } = changes;
  const tableInputs = inputs.get(table.name);
  const current = tableInputs?.current ?? new Map();
  for (const record of [...changes.created, ...changes.updated]) {
    const id = record.row.id;
    const existing = current.get(id);
    if (existing?.deleted || isOrphan(table, record.row, inputs, plan)) {
      // Delete wins over an edit: the row stays deleted, the edit is logged.
      plan.conflicts.push(rowDeletedEntry(table.name, record.row, existing));
      if (existing && !existing.deleted) {
        // A live row under a deleted parent (left by a cascade that could not
        // see it): delete it now, so every device is told, and its children too.
        plan.delete(table.name, existing.row);
      } else if (!existing) {
        // Kept as a tombstone, so the device that pushed it is told it is deleted.
        const row = completeRow(table, record.row);
        plan.upsert(table.name, { row, deleted: true });
        plan.history.push(createdEntry(table.name, row), deletedEntry(table.name, row));
      }
      plan.tombstone(table.name, id);
      continue;
    }
    const outcome = mergeRecord(
      table,
      record,
      existing?.row,
      tableInputs?.otherWrites.get(id) ?? noOtherWrites,
    );
    if (outcome.kind === 'unchanged') continue;
    plan.upsert(table.name, { row: outcome.row, deleted: false });
    if (outcome.kind === 'create') {
      plan.count(table.name).created++;
      plan.history.push(createdEntry(table.name, outcome.row));
      continue;
    }
    plan.count(table.name).updated++;
    plan.history.push(updatedEntry(table.name, id, outcome.before, outcome.after));
    for (const conflict of outcome.conflicts) {
      plan.conflicts.push(columnConflictEntry(table.name, id, conflict));
    }
  }
  for (const id of changes.deleted) {
    const existing = current.get(id);
    // Deleting an unknown or already deleted row changes nothing.
    if (existing && !existing.deleted) plan.delete(table.name, existing.row);
  }
}

/**
 * Decides what a write does, without a database: for each table (parents
 * first), which pushed records are creates, merged edits, no-ops, or kept
 * out because the row or a parent is deleted (delete wins: the row stays or
 * becomes a tombstone and the pushed values go to the conflict log); which
 * rows the write deletes; the history entries and the conflicts found.
 * Cascades are added by `withCascade` once the children are read.
 *
 * @example
 * const inputs = await readWriteInputs(tx, changes, actor);
 * const plan = withCascade(planWrite(changes, inputs), await collectCascade(tx, plan.deletes));
 */
export function planWrite(changes: readonly PushedTableChanges[], inputs: WriteInputs): WritePlan {
  const plan = new PlanBuilder();
  for (const tableChanges of changes) planTable(tableChanges, inputs, plan);
  return plan;
}

/**
 * The plan with the rows cascading from its deletes (children of deleted
 * rows, read by `collectCascade`) deleted too, and a history entry and a
 * count for every delete.
 */
export function withCascade(plan: WritePlan, cascade: RowsByTable): WritePlan {
  const deletes = new Map<TableName, Map<string, AnyWireRow>>();
  for (const source of [plan.deletes, cascade]) {
    for (const [table, rows] of source) {
      let all = deletes.get(table);
      if (!all) deletes.set(table, (all = new Map()));
      for (const [id, row] of rows) all.set(id, row);
    }
  }
  const counts: WriteCounts = structuredClone(plan.counts);
  const history = [...plan.history];
  for (const [table, rows] of deletes) {
    (counts[table] ??= { created: 0, updated: 0, deleted: 0 }).deleted += rows.size;
    for (const row of rows.values()) history.push(deletedEntry(table, row));
  }
  return { ...plan, deletes, history, counts };
}

/** How many rows the plan writes (upserts and deletes together). */
export function writtenRows(plan: WritePlan): number {
  let rows = 0;
  for (const list of plan.upserts.values()) rows += list.length;
  for (const list of plan.deletes.values()) rows += list.size;
  return rows;
}

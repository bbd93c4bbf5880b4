import { getTable } from '@clinicsync/schema';
import type { PushedTableChanges, TableName } from '@clinicsync/schema';
import type { Queryable } from '../../db/database.js';
import type { Actor } from './actor.js';
import { findOtherWrites } from './find-other-writes.js';
import type { OtherWrite } from './merge-columns.js';
import { lockParents, readCurrentRows } from './read-current-rows.js';
import type { CurrentRow } from './read-current-rows.js';

/** What the server holds for one table of a write: everything planning needs. */
export interface TableInputs {
  /** The server's rows for every id the write names, locked until commit. */
  readonly current: ReadonlyMap<string, CurrentRow>;
  /**
   * Of the parents the written rows point at (other than rows this very
   * write touches), those that are tombstones, per parent table.
   */
  readonly deletedParents: ReadonlyMap<TableName, ReadonlySet<string>>;
  /** Per live row, the columns someone else updated since the actor's conflict base. */
  readonly otherWrites: ReadonlyMap<string, ReadonlyMap<string, OtherWrite>>;
}

export type WriteInputs = ReadonlyMap<TableName, TableInputs>;

function idsOf(changes: PushedTableChanges): string[] {
  return [...changes.created, ...changes.updated].map((r) => r.row.id).concat(changes.deleted);
}

/**
 * Reads and locks what a write depends on, table by table in the order the
 * write names them (parents first): the rows it touches (FOR UPDATE, in id
 * order), the parents its rows point at (FOR SHARE, so a concurrent delete of
 * a parent waits for this write or is seen by it), and the other writers'
 * updates since the actor's conflict base. A parent that this write itself
 * pushes is not looked up: planning knows its fate.
 */
export async function readWriteInputs(
  tx: Queryable,
  changes: readonly PushedTableChanges[],
  actor: Actor,
): Promise<WriteInputs> {
  const pushedIds = new Map(changes.map((c) => [c.table.name, new Set(idsOf(c))]));
  const inputs = new Map<TableName, TableInputs>();
  for (const tableChanges of changes) {
    const { table } = tableChanges;
    const current = await readCurrentRows(tx, table, idsOf(tableChanges));
    const records = [...tableChanges.created, ...tableChanges.updated];
    const deletedParents = new Map<TableName, ReadonlySet<string>>();
    for (const parent of table.parents) {
      const pushed = pushedIds.get(parent.table);
      const parentIds = new Set<string>();
      for (const { row } of records) {
        const id = row[parent.column];
        if (typeof id === 'string' && !pushed?.has(id)) parentIds.add(id);
      }
      if (parentIds.size === 0) continue;
      deletedParents.set(
        parent.table,
        await lockParents(tx, getTable(parent.table), [...parentIds]),
      );
    }
    const liveIds = records.map((r) => r.row.id).filter((id) => current.get(id)?.deleted === false);
    const otherWrites = await findOtherWrites(tx, table, liveIds, actor);
    inputs.set(table.name, { current, deletedParents, otherWrites });
  }
  return inputs;
}

import { getTable } from '@clinicsync/schema';
import type { AnyWireRow, TableName } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import { serverActor } from '../sync/write/actor.js';
import { writeChanges } from '../sync/write/write-changes.js';
import type { WriteResult } from '../sync/write/write-changes.js';

export interface ServerRowChanges {
  readonly table: TableName;
  readonly created?: readonly AnyWireRow[];
  /** Partial rows: the columns given are written, the others kept. */
  readonly updated?: readonly AnyWireRow[];
  readonly deleted?: readonly string[];
}

/**
 * Writes rows on the server's own authority (administration, seeding)
 * through the same path as a push, so devices pull them like any change.
 */
export function writeServerRows(
  tx: Queryable,
  changes: readonly ServerRowChanges[],
  actingUserId: string | null,
): Promise<WriteResult> {
  return writeChanges(
    tx,
    changes.map((c) => ({
      table: getTable(c.table),
      created: (c.created ?? []).map((row) => ({ row, changed: null })),
      updated: (c.updated ?? []).map((row) => ({ row, changed: null })),
      deleted: c.deleted ?? [],
    })),
    serverActor(actingUserId),
  );
}

import type { Queryable } from '../db/database.js';
import { changedTablesSql, pullPageSql, pulledTables } from './pull-query.js';
import type { ChangeKind, PullScope } from './pull-query.js';
import type { PullCounts } from './read-changes.js';

/** Where a paged pull stands: the table (index in pull order) and the last id sent in it. */
export interface PagePosition {
  readonly table: number;
  readonly afterId: string;
}

export interface Page {
  /** The `changes` object of this page, as JSON text. */
  readonly changes: string;
  /** Where the next page starts, or null when this page was the last. */
  readonly next: PagePosition | null;
}

/**
 * On an incremental pull, the tables from `first` on that have anything newer
 * than the cursor, found in one query over the version indexes; undefined
 * when every table must be read (a first sync, a migration).
 */
async function findChangedTables(
  tx: Queryable,
  scope: PullScope,
  first: number,
): Promise<Set<string> | undefined> {
  if (scope.since === 0 || scope.migration) return undefined;
  const rows = await tx.query<{ name: string }>(changedTablesSql(pulledTables.slice(first)), [
    scope.since,
  ]);
  return new Set(rows.map((r) => r.name));
}

/**
 * Reads up to `limit` rows (all tables together) after `position`, in table
 * order then id order. Positions only move forward and a row sits at one
 * position, so an id appears at most once in a paged pull.
 */
export async function readPage(
  tx: Queryable,
  scope: PullScope,
  position: PagePosition,
  limit: number,
  counts: PullCounts,
): Promise<Page> {
  const parts: string[] = [];
  let remaining = limit;
  const changed = await findChangedTables(tx, scope, position.table);
  for (let index = position.table; index < pulledTables.length; index++) {
    const table = pulledTables[index]!;
    if (changed && !changed.has(table.name)) continue;
    const sql = pullPageSql(table, scope);
    if (!sql) continue;
    const afterId = index === position.table ? position.afterId : '';
    const rows = await tx.query<{ id: string; k: ChangeKind; j: string | null }>(sql, [
      scope.since,
      scope.userId,
      afterId,
      remaining,
    ]);
    if (rows.length > 0) {
      const byKind: Record<ChangeKind, string[]> = { created: [], updated: [], deleted: [] };
      for (const row of rows) byKind[row.k].push(row.j ?? JSON.stringify(row.id));
      const tableCounts = (counts[table.name] ??= {});
      for (const kind of ['created', 'updated', 'deleted'] as const) {
        tableCounts[kind] = (tableCounts[kind] ?? 0) + byKind[kind].length;
      }
      parts.push(
        `${JSON.stringify(table.name)}:{"created":[${byKind.created.join(',')}],"updated":[${byKind.updated.join(',')}],"deleted":[${byKind.deleted.join(',')}]}`,
      );
    }
    remaining -= rows.length;
    if (remaining === 0) {
      return { changes: `{${parts.join(',')}}`, next: { table: index, afterId: rows.at(-1)!.id } };
    }
  }
  return { changes: `{${parts.join(',')}}`, next: null };
}

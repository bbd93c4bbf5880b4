import type { Queryable } from '../../db/database.js';
import { pullPageSql, pulledTables } from './pull-sql.js';
import type { PullScope } from './pull-sql.js';
import type { PullCounts } from './read-changes.js';

/** One table's part of a page, as PostgreSQL aggregates it. */
interface PageRow {
  n: number;
  last_id: string;
  created: string;
  updated: string;
  deleted: string;
  n_created: number;
  n_updated: number;
  n_deleted: number;
}

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
  const reading = new Set(scope.tables);
  for (let index = position.table; index < pulledTables.length; index++) {
    const table = pulledTables[index]!;
    if (!reading.has(table)) continue;
    const afterId = index === position.table ? position.afterId : '';
    const { sql, params } = pullPageSql(table, scope, afterId, remaining);
    const [page] = await tx.query<PageRow>(sql, params);
    if (!page || page.n === 0) continue;
    const tableCounts = (counts[table.name] ??= {});
    tableCounts.created = (tableCounts.created ?? 0) + page.n_created;
    tableCounts.updated = (tableCounts.updated ?? 0) + page.n_updated;
    tableCounts.deleted = (tableCounts.deleted ?? 0) + page.n_deleted;
    parts.push(
      `${JSON.stringify(table.name)}:{"created":[${page.created}],"updated":[${page.updated}],"deleted":[${page.deleted}]}`,
    );
    remaining -= page.n;
    if (remaining === 0) {
      return { changes: `{${parts.join(',')}}`, next: { table: index, afterId: page.last_id } };
    }
  }
  return { changes: `{${parts.join(',')}}`, next: null };
}

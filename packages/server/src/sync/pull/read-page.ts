import type { Queryable } from '../../db/database.js';
import type { PageBudget } from './page-budget.js';
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
 * order then id order, and about `budget.bytes` of JSON at most. Positions
 * only move forward and a row sits at one position, so an id appears at
 * most once in a paged pull.
 *
 * A table is asked for the rows the page has room for, by count and by its
 * records' mean size; when it fills that ask the page ends there (the table
 * may hold more), and when it falls short the table is done and the next
 * one is read, while bytes remain.
 */
export async function readPage(
  tx: Queryable,
  scope: PullScope,
  position: PagePosition,
  limit: number,
  budget: PageBudget,
  counts: PullCounts,
): Promise<Page> {
  const parts: string[] = [];
  let remaining = limit;
  let bytesLeft = budget.bytes;
  const reading = new Set(scope.tables);
  const changes = () => `{${parts.join(',')}}`;
  for (let index = position.table; index < pulledTables.length; index++) {
    const table = pulledTables[index]!;
    if (!reading.has(table)) continue;
    const afterId = index === position.table ? position.afterId : '';
    const asked = budget.rowsFor(table.name, bytesLeft, remaining);
    const { sql, params } = pullPageSql(table, scope, afterId, asked);
    const [page] = await tx.query<PageRow>(sql, params);
    if (!page || page.n === 0) continue;
    const tableCounts = (counts[table.name] ??= {});
    tableCounts.created = (tableCounts.created ?? 0) + page.n_created;
    tableCounts.updated = (tableCounts.updated ?? 0) + page.n_updated;
    tableCounts.deleted = (tableCounts.deleted ?? 0) + page.n_deleted;
    const bytes = page.created.length + page.updated.length + page.deleted.length;
    budget.observe(table.name, page.n, bytes);
    parts.push(
      `${JSON.stringify(table.name)}:{"created":[${page.created}],"updated":[${page.updated}],"deleted":[${page.deleted}]}`,
    );
    remaining -= page.n;
    bytesLeft -= bytes;
    if (page.n === asked) {
      return { changes: changes(), next: { table: index, afterId: page.last_id } };
    }
    // This table is done; with the bytes spent, the next page starts at the next table read.
    if (bytesLeft <= 0) {
      const more = pulledTables.slice(index + 1).some((t) => reading.has(t));
      return { changes: changes(), next: more ? { table: index + 1, afterId: '' } : null };
    }
  }
  return { changes: changes(), next: null };
}

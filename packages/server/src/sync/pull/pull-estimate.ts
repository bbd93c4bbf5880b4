import type { Queryable } from '../../db/database.js';
import { ident } from '../../storage/sql-names.js';
import { SqlParams, pullParts, wireJson } from './pull-sql.js';
import type { PullScope } from './pull-sql.js';

/** About how much a whole paged pull holds (PROTOCOL.md, "Paged pull"). */
export interface PullEstimate {
  readonly records: number;
  readonly bytes: number;
}

/** Rows sampled per table for the average size of a record's JSON. */
const sampleRows = 20;
/** A deleted record on the wire: its quoted id and a comma. */
const deletedBytes = 40;

/**
 * The records and bytes of the whole pull of `scope`, for a first page's
 * `estimate`, in one query: per table, the rows of each part of the pull
 * counted exactly as of this snapshot (the pages send these, plus whatever
 * is written while they are fetched), and the bytes as that count times the
 * mean JSON size of a few rows in id order. docs/sync.md says how far off
 * it can be.
 */
export async function readPullEstimate(tx: Queryable, scope: PullScope): Promise<PullEstimate> {
  if (scope.tables.length === 0) return { records: 0, bytes: 0 };
  const params = new SqlParams([scope.since, scope.userId]);
  const selects = scope.tables.map((table) => {
    const parts = pullParts(table, scope, params);
    const from = ident(table.name);
    const count = (where: string) => `(SELECT count(*) FROM ${from} t WHERE ${where})`;
    const live = parts.filter((p) => p.kind !== `'deleted'`).map((p) => count(p.where));
    const deleted = parts.filter((p) => p.kind === `'deleted'`).map((p) => count(p.where));
    const sample = parts[0]!.kind === `'deleted'` ? null : parts[0]!.where;
    const mean = sample
      ? `(SELECT coalesce(avg(octet_length(${wireJson(table, scope)})), 0) FROM (SELECT * FROM ${from} t WHERE ${sample} ORDER BY t.id LIMIT ${sampleRows}) t)`
      : '0';
    const sum = (counts: string[]) => (counts.length > 0 ? counts.join(' + ') : '0');
    return `SELECT (${sum(live)})::int AS live, (${sum(deleted)})::int AS deleted, ${mean}::float8 AS mean`;
  });
  // Counts do not depend on the cursor or the user everywhere; PostgreSQL
  // must still be told the types of $1 and $2.
  const rows = await tx.query<{ live: number; deleted: number; mean: number }>(
    `SELECT e.* FROM (${selects.join(' UNION ALL ')}) e WHERE $1::bigint >= 0 AND $2::text IS NOT NULL`,
    params.values,
  );
  let records = 0;
  let bytes = 0;
  for (const row of rows) {
    records += row.live + row.deleted;
    // Each record is followed by a comma in its list.
    bytes += Math.round(row.live * (row.mean + 1)) + row.deleted * deletedBytes;
  }
  return { records, bytes };
}

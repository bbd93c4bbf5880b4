import { syncedTablesParentFirst } from '@clinicsync/schema';
import type { Column, Table } from '@clinicsync/schema';
import { ident, wireRowSql } from '../../storage/sql-names.js';

/** What a device asked to pull, after parsing and resolving its cursor. */
export interface PullScope {
  /** The device's cursor: rows with a version above it are sent. */
  readonly since: number;
  /** Send tombstones as `deleted` (not on a first sync, always on a resync). */
  readonly withDeleted: boolean;
  /** Rows whose creation is the device's own push are sent as `updated`. */
  readonly userId: string;
  /** WatermelonDB migration sync: tables to send whole, columns to send where set. */
  readonly migration: MigrationScope | null;
}

export interface MigrationScope {
  readonly tables: ReadonlySet<string>;
  readonly columns: ReadonlyMap<string, readonly string[]>;
}

export type ChangeKind = 'created' | 'updated' | 'deleted';

/** The tables a pull sends, in the order it sends them: parents first. */
export const pulledTables: readonly Table[] = syncedTablesParentFirst;

function defaultSql(column: Column): string {
  if (column.optional) return 'NULL';
  switch (column.kind) {
    case 'boolean':
      return 'false';
    case 'float':
    case 'decimal':
      return '0';
    case 'time':
      return "'epoch'::timestamptz";
    case 'date':
      return 'NULL';
    case 'text':
    case 'json':
      return "''";
  }
}

// Parameters: $1 = since, $2 = user id.
const createdSql =
  't._created_version > $1 AND NOT ($1 > 0 AND t._created_cursor = $1 AND t._created_by = $2)';

function migrationSql(table: Table, scope: PullScope): { whole: boolean; columns: string | null } {
  const migration = scope.migration;
  if (!migration) return { whole: false, columns: null };
  const names = (migration.columns.get(table.name) ?? []).filter((n) => table.columnsByName.has(n));
  const columns = names.map((n) => {
    const column = table.columnsByName.get(n)!;
    return `t.${ident(n)} IS DISTINCT FROM ${defaultSql(column)}`;
  });
  return {
    whole: migration.tables.has(table.name),
    columns: columns.length > 0 ? `(${columns.join(' OR ')})` : null,
  };
}

/**
 * The condition and kind of every row a pull sends from `table`, as SQL over
 * alias `t` with parameters $1 (since) and $2 (user id); undefined when the
 * table can have nothing to send.
 */
export function pullConditions(
  table: Table,
  scope: PullScope,
): { where: string; kind: string; order: string } | undefined {
  const { whole, columns } = migrationSql(table, scope);
  const live = [whole ? 'true' : scope.since > 0 ? 't._version > $1' : 'true'];
  if (columns) live.push(columns);
  const where = [`(NOT t._deleted AND (${live.join(' OR ')}))`];
  if (scope.withDeleted) where.push('(t._deleted AND t._version > $1)');
  // Always mention $1 and $2, so PostgreSQL can type both parameters.
  const created = whole ? `(true OR ${createdSql})` : createdSql;
  return {
    where: where.join(' OR '),
    kind: `CASE WHEN t._deleted THEN 'deleted' WHEN ${created} THEN 'created' ELSE 'updated' END`,
    order: `CASE WHEN t._deleted THEN 2 WHEN ${created} THEN 0 ELSE 1 END`,
  };
}

/**
 * The query streaming one table's changes in the unpaged pull: its kind and
 * its wire JSON, created rows first, then updated, then deleted. A first sync
 * has only created rows, so it needs no sort.
 */
export function pullTableSql(table: Table, scope: PullScope): string | undefined {
  const conditions = pullConditions(table, scope);
  if (!conditions) return undefined;
  const onlyCreated = scope.since === 0 && !scope.withDeleted && !scope.migration;
  return `SELECT ${conditions.kind} AS k,
                 CASE WHEN t._deleted THEN to_json(t.id)::text ELSE row_to_json(${wireRowSql(table, 't')})::text END AS j
            FROM ${ident(table.name)} t
           WHERE ${conditions.where}${onlyCreated ? '' : ` ORDER BY ${conditions.order}`}`;
}

/**
 * The tables that have anything to send since `scope.since`, in one query that
 * only touches each table's version index: a sync with nothing new stays cheap.
 */
export function changedTablesSql(tables: readonly Table[]): string {
  return tables
    .map(
      (t) =>
        `SELECT ${`'${t.name}'`} AS name WHERE EXISTS (SELECT 1 FROM ${ident(t.name)} WHERE _version > $1)`,
    )
    .join(' UNION ALL ');
}

/**
 * One page of one table: up to $4 rows in id order after a position ($3),
 * aggregated by PostgreSQL into one JSON list per kind, with the counts and
 * the last id. Node receives a few strings per page, not a row object per
 * record (measured: the per-row objects were most of the server's garbage).
 */
export function pullPageSql(table: Table, scope: PullScope): string | undefined {
  const conditions = pullConditions(table, scope);
  if (!conditions) return undefined;
  const list = (kind: ChangeKind, value: string) =>
    `coalesce(string_agg(${value}, ',') FILTER (WHERE p.k = '${kind}'), '') AS ${kind}`;
  return `SELECT count(*)::int AS n, max(p.id) AS last_id,
                 ${list('created', 'p.j')}, ${list('updated', 'p.j')}, ${list('deleted', 'to_json(p.id)::text')},
                 count(*) FILTER (WHERE p.k = 'created')::int AS n_created,
                 count(*) FILTER (WHERE p.k = 'updated')::int AS n_updated,
                 count(*) FILTER (WHERE p.k = 'deleted')::int AS n_deleted
            FROM (SELECT t.id, ${conditions.kind} AS k,
                         CASE WHEN t._deleted THEN NULL ELSE row_to_json(${wireRowSql(table, 't')})::text END AS j
                    FROM ${ident(table.name)} t
                   WHERE t.id > $3 AND (${conditions.where})
                   ORDER BY t.id LIMIT $4) p`;
}

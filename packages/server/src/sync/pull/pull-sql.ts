import { syncedTablesParentFirst } from '@clinicsync/schema';
import type { Column, Table } from '@clinicsync/schema';
import type { KeyScope, PullScopeKeys } from '../../scope/pull-scope.js';
import { reachedWhenDeletedSql } from '../../scope/reached-when-deleted.js';
import { scopeKeyOf } from '../../scope/scope-keys.js';
import { ident, wireRowSql } from '../../storage/sql-names.js';

/** What a pull sends: the device's cursor, and the scope of its user. */
export interface PullScope {
  /** The device's cursor: rows with a version above it are sent. */
  readonly since: number;
  /** The cursor the device held before `since` (0 when none). */
  readonly previous: number;
  /** The pull's timestamp: the scope sent is the one at this version. */
  readonly at: number;
  /** Send tombstones as `deleted` (not on a first sync, always on a resync). */
  readonly withDeleted: boolean;
  /** Rows whose creation is the device's own push are sent as `updated`. */
  readonly userId: string;
  /** WatermelonDB migration sync: tables to send whole, columns to send where set. */
  readonly migration: MigrationScope | null;
  /** Per kind of scope key, the keys in scope now and those that moved (docs/scope.md). */
  readonly keys: PullScopeKeys;
  /** Users' emails go only to administrators. */
  readonly hideEmails: boolean;
  /** The tables with anything to send, in pull order. */
  readonly tables: readonly Table[];
  /** Per table, records whose delete this device pushed before its previous pull, refused: sent again whole. */
  readonly resent: ReadonlyMap<string, readonly string[]>;
  /** Per table, records whose delete its last push refused: neither created nor updated now. */
  readonly withheld: ReadonlyMap<string, readonly string[]>;
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

/** Parameters of one query: the fixed ones first, then each added value as `$n::type`. */
export class SqlParams {
  readonly values: unknown[];

  constructor(fixed: readonly unknown[]) {
    this.values = [...fixed];
  }

  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

// Fixed parameters of every pull query: $1 = since, $2 = user id.
// Rows the server wrote itself (administration, seeding) have no cursor: the
// coalesce keeps them "created", where a NULL would have made them "updated".
const ownPush = (cursor: string) =>
  `coalesce(t._created_cursor = ${cursor} AND t._created_by = $2, false)`;
const createdSql = `t._created_version > $1 AND NOT ($1 > 0 AND ${ownPush('$1')})`;
const ordinaryKind = `CASE WHEN t._deleted THEN 'deleted' WHEN ${createdSql} THEN 'created' ELSE 'updated' END`;

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

/** One part of what a pull sends from a table: which rows, and as what. */
export interface RowPart {
  readonly where: string;
  readonly kind: string;
}

/** SQL: the key column `key` holds a key in scope at the pull's timestamp. */
function inScopeNow(
  key: string,
  now: KeyScope['now'],
  scope: PullScope,
  params: SqlParams,
): string {
  if ('all' in now) return 'true';
  if ('ids' in now) return `${key} = ANY(${params.add(now.ids, 'text[]')})`;
  const at = params.add(scope.at, 'bigint');
  const open = (s: string) => `${s}.began <= ${at} AND (${s}.ended IS NULL OR ${s}.ended > ${at})`;
  const clinics = params.add(now.patientsOf, 'text[]');
  if (now.broad) {
    // Most rows are in scope: PostgreSQL hashes the scope once and walks the
    // table in id order until the page is full. Through the list below it
    // read every row in scope after the position, for each page, and sorted
    // them: an events page of one 20,000-patient clinic chose its rows in
    // 313 ms that way, in 65 ms this way (docs/decisions.md).
    return `(EXISTS (SELECT 1 FROM patient_clinics s
                      WHERE s.patient_id = ${key} AND s.clinic_id = ANY(${clinics}) AND ${open('s')})
             OR EXISTS (SELECT 1 FROM patient_follows f WHERE f.user_id = $2 AND f.patient_id = ${key} AND ${open('f')}))`;
  }
  // ANY(ARRAY(…)) computes the list once and finds the rows through the key's
  // index; an IN (subquery) was estimated at 200 rows and hashed against a
  // scan of the whole table (bench/profile-scoped-pull.ts).
  return `${key} = ANY(ARRAY(SELECT s.patient_id FROM patient_clinics s
                      WHERE s.clinic_id = ANY(${clinics}) AND ${open('s')}
                     UNION ALL SELECT f.patient_id FROM patient_follows f WHERE f.user_id = $2 AND ${open('f')}))`;
}

/**
 * SQL: the user may hold the tombstone `t`: its patient `key` was in their
 * scope (by a clinic they belonged to, or a follow) when the record was
 * deleted, or when the patient was, whichever came first. A record pushed
 * under a patient deleted long before (a device offline, its pushes failing)
 * becomes a tombstone only then, after the patient left every scope; the
 * device that pushed it still holds it live and must be told. The push
 * accepts such a record by the same rule (reached-when-deleted.ts), so every
 * one it keeps as a tombstone is told.
 */
function inScopeWhenDeleted(key: string, table: Table): string {
  const patientDeleted =
    table.name === 'patients'
      ? 't._version'
      : `coalesce((SELECT p._version FROM patients p WHERE p.id = ${key} AND p._deleted), t._version)`;
  return reachedWhenDeletedSql(key, `least(t._version, ${patientDeleted})`, '$2');
}

/**
 * The parts of what a pull sends from `table`, over alias `t`, which never
 * share a row: rows in scope that changed since the cursor (and tombstones
 * the device may hold); every row of keys that entered the scope; every row
 * of keys that came back, as `updated` where the device still holds them;
 * and, as `deleted`, the rows of keys that left the scope before the
 * device's previous pull (one sync late: docs/scope.md).
 */
export function pullParts(table: Table, scope: PullScope, params: SqlParams): RowPart[] {
  const scopeKey = scopeKeyOf(table);
  const keys = scopeKey ? scope.keys[scopeKey.kind] : undefined;
  const key = scopeKey ? `t.${ident(scopeKey.column)}` : '';
  const now = keys ? inScopeNow(key, keys.now, scope, params) : 'true';
  const anyOf = (ids: readonly string[]) => `${key} = ANY(${params.add(ids, 'text[]')})`;

  const { whole, columns } = migrationSql(table, scope);
  const changed = [whole ? 'true' : scope.since > 0 ? 't._version > $1' : 'true'];
  if (columns) changed.push(columns);
  const moved = keys ? [...keys.entered, ...keys.back] : [];
  // A record whose delete this device had refused goes out again, as created.
  const resent = scope.resent.get(table.name) ?? [];
  const aside = [...resent, ...(scope.withheld.get(table.name) ?? [])];
  const notResent = aside.length > 0 ? ` AND NOT (t.id = ANY(${params.add(aside, 'text[]')}))` : '';
  const live = ['NOT t._deleted', `(${changed.join(' OR ')})`, now];
  if (moved.length > 0) live.push(`NOT (${anyOf(moved)})`);
  // A migration sends its listed tables whole, as created.
  const liveKind = whole ? `'created'` : ordinaryKind;
  const parts: RowPart[] = [{ where: live.join(' AND ') + notResent, kind: liveKind }];
  if (resent.length > 0) {
    parts.push({
      where: `NOT t._deleted AND t.id = ANY(${params.add(resent, 'text[]')}) AND ${now}`,
      kind: `'created'`,
    });
  }

  if (scope.withDeleted) {
    const mayHold = [now];
    const held = keys ? [...keys.gone, ...keys.leaving] : [];
    if (held.length > 0) mayHold.push(anyOf(held));
    if (keys && 'patientsOf' in keys.now && scopeKey?.kind === 'patient') {
      // Rows of patients that left the scope by their deletion (or by this
      // very delete: a visit that was the patient's only tie to the user's
      // clinics), which the windows of leaving and gone keys no longer cover:
      // a resync, or a tombstone made syncs after the patient's delete.
      mayHold.push(inScopeWhenDeleted(key, table));
    }
    parts.push({
      where: `t._deleted AND t._version > $1 AND (${mayHold.join(' OR ')})`,
      kind: `'deleted'`,
    });
  }
  if (!keys) return parts;
  const freshKind = `CASE WHEN t._created_version <= $1 OR (${createdSql}) THEN 'created' ELSE 'updated' END`;
  if (keys.entered.length > 0) {
    parts.push({ where: `NOT t._deleted AND ${anyOf(keys.entered)}${notResent}`, kind: freshKind });
  }
  if (keys.back.length > 0 || keys.gone.length > 0) {
    const previous = params.add(scope.previous, 'bigint');
    // The device holds the rows it had at P, and those it pushed right after.
    const heldAtPrevious = `(t._created_version <= ${previous} OR ${ownPush(previous)})`;
    if (keys.back.length > 0) {
      parts.push({
        where: `NOT t._deleted AND ${anyOf(keys.back)}${notResent}`,
        kind: `CASE WHEN ${heldAtPrevious} THEN 'updated' ELSE ${freshKind} END`,
      });
    }
    if (keys.gone.length > 0) {
      parts.push({
        where: `NOT t._deleted AND ${anyOf(keys.gone)} AND ${heldAtPrevious}`,
        kind: `'deleted'`,
      });
    }
  }
  return parts;
}

/** The wire row of `t` as JSON text, without other users' emails for those who may not see them. */
export function wireJson(table: Table, scope: PullScope): string {
  // A user's own row keeps their email: it is theirs, and their app shows it.
  const hidden =
    table.name === 'users' && scope.hideEmails
      ? { email: `CASE WHEN t.id = $2 THEN t."email" ELSE '' END` }
      : undefined;
  return `row_to_json(${wireRowSql(table, 't', hidden)})::text`;
}

const kindOrder = `CASE u.k WHEN 'created' THEN 0 WHEN 'updated' THEN 1 ELSE 2 END`;

/**
 * The query streaming one table's changes in the unpaged pull: its kind and
 * its wire JSON, created rows first, then updated, then deleted. A first sync
 * has only created rows, so it needs no sort.
 */
export function pullTableSql(table: Table, scope: PullScope): { sql: string; params: unknown[] } {
  const params = new SqlParams([scope.since, scope.userId]);
  const parts = pullParts(table, scope, params);
  const selects = parts.map(
    (p) =>
      `SELECT ${p.kind} AS k, CASE WHEN ${p.kind} = 'deleted' THEN to_json(t.id)::text ELSE ${wireJson(table, scope)} END AS j
         FROM ${ident(table.name)} t WHERE ${p.where}`,
  );
  const onlyCreated = parts.length === 1 && scope.since === 0 && !scope.migration;
  const sql = onlyCreated
    ? selects[0]!
    : `SELECT u.k, u.j FROM (${selects.join(' UNION ALL ')}) u ORDER BY ${kindOrder}`;
  return { sql, params: params.values };
}

/**
 * Each pulled table's newest version, in one query that only reads the end
 * of each table's version index: which tables changed after the device's
 * cursor and after the one before it, answered at once, and a sync with
 * nothing new stays cheap.
 */
export const newestVersionsSql = pulledTables
  .map((t) => `SELECT '${t.name}' AS name, (SELECT max(_version) FROM ${ident(t.name)}) AS newest`)
  .join(' UNION ALL ');

/**
 * One page of one table: up to `limit` rows in id order after `afterId`,
 * aggregated by PostgreSQL into one JSON list per kind, with the counts and
 * the last id. Node receives a few strings per page, not a row object per
 * record (measured: the per-row objects were most of the server's garbage).
 * A page's ids are chosen first; only those rows become JSON, each read by
 * its primary key (OFFSET 0 keeps PostgreSQL from hashing the whole table
 * for a page of a small scope).
 */
export function pullPageSql(
  table: Table,
  scope: PullScope,
  afterId: string,
  limit: number,
): { sql: string; params: unknown[] } {
  const params = new SqlParams([scope.since, scope.userId, afterId, limit]);
  const parts = pullParts(table, scope, params);
  const list = (kind: ChangeKind, value: string) =>
    `coalesce(string_agg(${value}, ',') FILTER (WHERE p.k = '${kind}'), '') AS ${kind}`;
  const chosen =
    parts.length === 1
      ? `SELECT t.id, ${parts[0]!.kind} AS k FROM ${ident(table.name)} t
          WHERE t.id > $3 AND ${parts[0]!.where} ORDER BY t.id LIMIT $4`
      : `SELECT u.id, u.k FROM (${parts
          .map(
            (p) =>
              `SELECT t.id, ${p.kind} AS k FROM ${ident(table.name)} t WHERE t.id > $3 AND ${p.where}`,
          )
          .join(' UNION ALL ')}) u ORDER BY u.id LIMIT $4`;
  const sql = `SELECT count(*)::int AS n, max(p.id) AS last_id,
                 ${list('created', 'p.j')}, ${list('updated', 'p.j')}, ${list('deleted', 'to_json(p.id)::text')},
                 count(*) FILTER (WHERE p.k = 'created')::int AS n_created,
                 count(*) FILTER (WHERE p.k = 'updated')::int AS n_updated,
                 count(*) FILTER (WHERE p.k = 'deleted')::int AS n_deleted
            FROM (SELECT c.id, c.k, CASE WHEN c.k = 'deleted' THEN NULL ELSE ${wireJson(table, scope)} END AS j
                    FROM (${chosen}) c
                    CROSS JOIN LATERAL (SELECT * FROM ${ident(table.name)} t WHERE t.id = c.id OFFSET 0) t) p`;
  return { sql, params: params.values };
}

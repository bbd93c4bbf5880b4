import { tables } from '@clinicsync/schema';
import type { ColumnKind, Table } from '@clinicsync/schema';
import type { SqlStatement } from '../driver/sql-driver.js';

/**
 * The local tables: WatermelonDB's raw layout (`id`, the schema's columns,
 * `_status`, `_changed`) plus `_rev`, a store-wide write counter stamped on
 * every local write, so mark-as-synced can tell that a row is still the one
 * that was pushed.
 */
export const metaTable = '_clinicsync_meta';

/**
 * Local edits a pulled delete overruled: the record is gone from the device,
 * but its edit (the raw as it would have been pushed) waits here to be sent,
 * so the server keeps it in its conflict log instead of it vanishing.
 */
export const overruledTable = '_clinicsync_overruled';

/**
 * Patients a pull removed from this device (they left the user's scope, or
 * were deleted on the server), with their last known name, so a screen that
 * showed one can say what happened. Device-only: never pushed; the newest
 * `departuresKept` are kept.
 */
export const departedTable = '_clinicsync_departed';
export const departuresKept = 1000;

/**
 * Patients this device added to the user's scope through the patient
 * lookup (`followPatient`), so an app can offer to remove them again.
 * Device-only: the follow itself lives on the server.
 */
export const followedTable = '_clinicsync_followed';

/**
 * The patient search index (FTS5): each patient's given name and surname
 * folded as search-folding.ts says, and their phone's digit words, at the
 * patient's rowid, written in the same batch as the patient, with the SQL
 * functions every driver registers (search-functions.ts).
 */
export const searchTable = '_clinicsync_patient_search';

const searchValues = (row: string) =>
  `clinicsync_fold(${row}given_name), clinicsync_fold(${row}surname), clinicsync_phone_terms(${row}phone)`;

/**
 * A trigger removes a patient's entry with the patient, whoever deletes it
 * (a pulled delete, a pushed tombstone purged): a rowid freed that way is
 * given to the next patient, who must not inherit the entry. Inserts and
 * updates are indexed by the two paths that write patients' names, in their
 * own batch (`withSearchIndex`): an insert or update trigger cost 22 µs a
 * row even when it had nothing to do, and one whose FTS5 write ran inside an
 * upsert's statement savepoint made FTS5 flush its pending terms row by row:
 * applying 20,000 pulled patients took 0.5 s, 1.3 s with such a trigger, 2.5 s
 * with the first kind (bench/patient-search.ts and docs/decisions.md).
 */
const searchStatements: readonly SqlStatement[] = [
  {
    sql: `CREATE VIRTUAL TABLE IF NOT EXISTS ${searchTable} USING fts5(given, surname, phone, tokenize = 'unicode61', prefix = '2 3')`,
  },
  { sql: 'DROP TRIGGER IF EXISTS patients_search_insert' },
  { sql: 'DROP TRIGGER IF EXISTS patients_search_update' },
  {
    sql: `CREATE TRIGGER IF NOT EXISTS patients_search_delete AFTER DELETE ON patients BEGIN
      DELETE FROM ${searchTable} WHERE rowid = old.rowid;
    END`,
  },
];

/**
 * `writes` (statements that insert or update the patients `ids`), followed
 * by what brings their search entries up to date: each one's old entry
 * removed (a rowid lookup each: FTS5 would scan its whole index for
 * `rowid IN (…)`), and the entries of those present written in one statement.
 *
 * @example
 * batch.push(...withSearchIndex(patientIds, upserts));
 */
export function withSearchIndex(
  ids: readonly string[],
  writes: readonly SqlStatement[],
): SqlStatement[] {
  if (ids.length === 0) return [...writes];
  return [
    ...writes,
    {
      sql: `DELETE FROM ${searchTable} WHERE rowid = (SELECT rowid FROM patients WHERE id = ?)`,
      rows: ids.map((id) => [id]),
    },
    {
      sql: `INSERT INTO ${searchTable} (rowid, given, surname, phone)
        SELECT rowid, ${searchValues('')} FROM patients WHERE id IN (SELECT value FROM json_each(?))`,
      params: [JSON.stringify(ids)],
    },
  ];
}

/**
 * Writes the search index afresh from the patients table: for a database
 * made before the index existed (its patients were written without the
 * triggers). One statement each; it commits with the version that marks it done.
 */
export function rebuildSearchStatements(): SqlStatement[] {
  return [
    { sql: `DELETE FROM ${searchTable}` },
    {
      sql: `INSERT INTO ${searchTable} (rowid, given, surname, phone)
        SELECT rowid, ${searchValues('')} FROM patients`,
    },
  ];
}

const sqlType: Record<ColumnKind, string> = {
  text: 'TEXT',
  json: 'TEXT',
  date: 'TEXT',
  decimal: 'TEXT',
  time: 'INTEGER',
  boolean: 'INTEGER',
  float: 'REAL',
};

/** `"name"`: every identifier comes from the schema, quoting keeps words like `key` safe. */
export function quote(name: string): string {
  return `"${name}"`;
}

/**
 * Indexes for the queries the store and apps run, beyond the schema's
 * `indexed` columns (foreign keys, clinic ids):
 * - `<table>__pending`, partial on unsynced rows: the push snapshot, deletion
 *   checks while applying a page and `hasUnsyncedChanges` read only these rows;
 * - patients by name and phone, NOCASE so apps' `LIKE 'prefix%'` queries use
 *   them (the store's own search uses the FTS index below);
 * - patients by `updated_at`: the "recent patients" list.
 */
const appIndexes: readonly { table: string; name: string; on: string }[] = [
  { table: 'patients', name: 'patients_given_name', on: '"given_name" COLLATE NOCASE' },
  { table: 'patients', name: 'patients_surname', on: '"surname" COLLATE NOCASE' },
  { table: 'patients', name: 'patients_phone', on: '"phone" COLLATE NOCASE' },
  { table: 'patients', name: 'patients_updated_at', on: '"updated_at"' },
];

function tableStatements(table: Table): SqlStatement[] {
  const columns = table.columns.map((c) => `${quote(c.name)} ${sqlType[c.kind]}`);
  const statements: SqlStatement[] = [
    {
      sql: `CREATE TABLE IF NOT EXISTS ${quote(table.name)} (id TEXT PRIMARY KEY NOT NULL, ${columns.join(', ')}, _status TEXT NOT NULL, _changed TEXT NOT NULL DEFAULT '', _rev INTEGER NOT NULL DEFAULT 0)`,
    },
    {
      sql: `CREATE INDEX IF NOT EXISTS ${quote(`${table.name}__pending`)} ON ${quote(table.name)} (id) WHERE _status != 'synced'`,
    },
  ];
  for (const column of table.columns.filter((c) => c.indexed)) {
    statements.push({
      sql: `CREATE INDEX IF NOT EXISTS ${quote(`${table.name}_${column.name}`)} ON ${quote(table.name)} (${quote(column.name)})`,
    });
  }
  for (const index of appIndexes.filter((i) => i.table === table.name)) {
    statements.push({
      sql: `CREATE INDEX IF NOT EXISTS ${quote(index.name)} ON ${quote(table.name)} (${index.on})`,
    });
  }
  return statements;
}

/** Everything a new store needs, in one batch: every table of the schema and the SDK's own tables. */
export function localSchemaStatements(): SqlStatement[] {
  return [
    {
      sql: `CREATE TABLE IF NOT EXISTS ${metaTable} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)`,
    },
    {
      sql: `CREATE TABLE IF NOT EXISTS ${overruledTable} (table_name TEXT NOT NULL, id TEXT NOT NULL, raw TEXT NOT NULL, PRIMARY KEY (table_name, id))`,
    },
    {
      sql: `CREATE TABLE IF NOT EXISTS ${departedTable} (id TEXT PRIMARY KEY NOT NULL, given_name TEXT, surname TEXT, left_at INTEGER NOT NULL)`,
    },
    {
      sql: `CREATE TABLE IF NOT EXISTS ${followedTable} (id TEXT PRIMARY KEY NOT NULL, followed_at INTEGER NOT NULL)`,
    },
    ...tables.flatMap(tableStatements),
    ...searchStatements,
  ];
}

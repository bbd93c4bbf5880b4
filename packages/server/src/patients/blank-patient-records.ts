import { syncedTablesParentFirst } from '@clinicsync/schema';
import type { Column, Table, TableName } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import { ident } from '../storage/sql-names.js';

/** What blanking a set of patients removed. */
export interface BlankedCounts {
  /** Rows (live or tombstones) whose values were blanked, across the clinical tables. */
  readonly records: number;
  /** Change history entries whose before and after values were emptied. */
  readonly historyEntries: number;
  /** Conflict log entries dropped (replaced, refused or deleted-row values). */
  readonly conflicts: number;
}

const clinicalTables = syncedTablesParentFirst.filter((t) => t.sync === 'device_writable');

/** The column holding the patient a row of `table` belongs to. */
const patientColumn = (table: Table) => (table.name === 'patients' ? 'id' : 'patient_id');

/**
 * The columns a tombstone keeps: its patient (so the delete reaches every
 * device that held it, by scope) and its links to its parents (so a child
 * pushed later under it is recognised as an orphan). Nothing else a person
 * could read.
 */
function keptColumns(table: Table): Set<string> {
  return new Set([patientColumn(table), ...table.parents.map((p) => p.column)]);
}

/** A value of the column's storage type that says nothing: NULL where the column allows it. */
function blankSql(column: Column): string {
  if (column.optional || column.kind === 'date') return 'NULL';
  switch (column.kind) {
    case 'text':
    case 'json':
      return "''";
    case 'time':
      return "'epoch'::timestamptz";
    case 'float':
    case 'decimal':
      return '0';
    case 'boolean':
      return 'false';
  }
}

function blankRowsSql(table: Table): string {
  const kept = keptColumns(table);
  const assignments = table.columns
    .filter((c) => !kept.has(c.name))
    .map((c) => `${ident(c.name)} = ${blankSql(c)}`);
  return `UPDATE ${ident(table.name)} SET ${assignments.join(', ')}
           WHERE ${ident(patientColumn(table))} = ANY($1::text[]) RETURNING id`;
}

const blankStatements = new Map<TableName, string>(
  clinicalTables.map((t) => [t.name, blankRowsSql(t)]),
);

/**
 * Blanks every clinical value of the given patients on the server, within
 * the caller's transaction: their rows in every clinical table (live or
 * not: the caller has deleted them first) keep only their id, patient and
 * parent links; their change history keeps who did what and when but no
 * values; their conflict log entries go, including refused records that
 * name them and never became rows. Versions are left alone: devices hold
 * nothing of a tombstone but its id, so there is nothing to send again.
 */
export async function blankPatientRecords(
  tx: Queryable,
  patientIds: readonly string[],
): Promise<BlankedCounts> {
  let records = 0;
  let historyEntries = 0;
  let conflicts = 0;
  for (const table of clinicalTables) {
    const rows = await tx.query<{ id: string }>(blankStatements.get(table.name)!, [patientIds]);
    if (rows.length === 0) continue;
    const ids = rows.map((r) => r.id);
    records += ids.length;
    const emptied = await tx.query(
      `UPDATE change_history SET before = NULL, after = NULL
        WHERE table_name = $1 AND row_id = ANY($2::text[])
          AND (before IS NOT NULL OR after IS NOT NULL) RETURNING id`,
      [table.name, ids],
    );
    historyEntries += emptied.length;
    const dropped = await tx.query(
      'DELETE FROM conflicts WHERE table_name = $1 AND row_id = ANY($2::text[]) RETURNING id',
      [table.name, ids],
    );
    conflicts += dropped.length;
  }
  // Records the server refused (or kept out under a deleted parent) and never
  // stored as rows still name the patient in the values they logged.
  const named = await tx.query(
    `DELETE FROM conflicts
      WHERE applied_value->>'patient_id' = ANY($1::text[])
         OR replaced_value->>'patient_id' = ANY($1::text[])
         OR (table_name = 'patients' AND row_id = ANY($1::text[]))
      RETURNING id`,
    [patientIds],
  );
  conflicts += named.length;
  return { records, historyEntries, conflicts };
}

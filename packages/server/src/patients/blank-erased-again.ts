import { getTable } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import { ident } from '../storage/sql-names.js';
import type { ConflictEntry } from '../sync/write/conflict-log.js';
import { blankPatientRecords } from './blank-patient-records.js';

/**
 * Blanks again, within a write's transaction, what the write just stored of
 * erased patients: an offline device's edit or new record under an erased
 * patient is kept out (delete wins, or refused), and its values would
 * otherwise stay in the conflict log and the tombstone it leaves. Only
 * writes that log something can touch an erased patient, so others cost
 * nothing here.
 */
export async function blankErasedAgain(
  tx: Queryable,
  logged: readonly ConflictEntry[],
): Promise<void> {
  if (logged.length === 0) return;
  const patientIds = await patientsOf(tx, logged);
  const erased = await tx.query<{ patient_id: string }>(
    'SELECT patient_id FROM patient_erasures WHERE patient_id = ANY($1::text[])',
    [patientIds],
  );
  if (erased.length > 0)
    await blankPatientRecords(
      tx,
      erased.map((r) => r.patient_id),
    );
}

/** The patients of logged records: named in the values, or by the stored row (a partial edit may not name it). */
async function patientsOf(tx: Queryable, logged: readonly ConflictEntry[]): Promise<string[]> {
  const patients = new Set<string>();
  const rowsByTable = new Map<string, string[]>();
  for (const entry of logged) {
    if (getTable(entry.table_name).sync !== 'device_writable') continue;
    if (entry.table_name === 'patients') {
      patients.add(entry.row_id);
      continue;
    }
    const named = (entry.applied_value as Record<string, unknown> | null)?.['patient_id'];
    if (typeof named === 'string') patients.add(named);
    const ids = rowsByTable.get(entry.table_name) ?? [];
    ids.push(entry.row_id);
    rowsByTable.set(entry.table_name, ids);
  }
  for (const [table, ids] of rowsByTable) {
    const rows = await tx.query<{ patient_id: string }>(
      `SELECT patient_id FROM ${ident(table)} WHERE id = ANY($1::text[])`,
      [ids],
    );
    for (const row of rows) patients.add(row.patient_id);
  }
  return [...patients];
}

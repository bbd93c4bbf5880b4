import type { LocalStore, RejectedRecord } from '@clinicsync/client';
import { findTable } from '@clinicsync/schema';
import type { TableName } from '@clinicsync/schema';

/**
 * The reasons the server gave, in the last sync, for refusing the patient's
 * own record or a record of their chart (found by its `patient_id`).
 */
export async function getPatientRefusals(
  store: LocalStore,
  patientId: string,
  rejected: readonly RejectedRecord[],
): Promise<string[]> {
  const reasons = new Set<string>();
  for (const record of rejected) {
    if (record.table === 'patients') {
      if (record.id === patientId) reasons.add(record.reason);
      continue;
    }
    const table = findTable(record.table);
    if (!table?.columnsByName.has('patient_id')) continue;
    const row = (await store.find(table.name as TableName, record.id)) as {
      patient_id?: unknown;
    } | null;
    if (row?.patient_id === patientId) reasons.add(record.reason);
  }
  return [...reasons];
}

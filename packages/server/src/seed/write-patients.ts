import { setImmediate as nextTurn } from 'node:timers/promises';
import { writeServerRows } from '../admin/write-server-rows.js';
import type { Database } from '../db/database.js';
import { generatePatient } from './generate-patient.js';
import { emptyBatch, patientTables } from './seed-context.js';
import type { GenerationContext, PatientTable, RowBatch, SeedClinic } from './seed-context.js';

export interface PatientPlan {
  readonly clinic: SeedClinic;
  /** Patients numbered 1…count in this clinic. */
  readonly count: number;
}

export interface WriteProgress {
  readonly patients: number;
  readonly rows: number;
}

export interface WritePatientsOptions {
  /** Patients per transaction (one statement per table each). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: WriteProgress) => void;
}

export type RowCounts = Record<PatientTable, number>;

// Generation yields to the event loop this often, so the write in flight gets
// its turns (sending the next statement) while the next batch is generated.
const patientsPerSlice = 25;

function rowsIn(batch: RowBatch): number {
  let rows = 0;
  for (const table of patientTables) rows += batch[table].length;
  return rows;
}

/**
 * Generates and writes the patients of `plan` through `writeServerRows` (so
 * they get versions and change history like any push), `batchSize` patients
 * per transaction. The next batch is generated while the previous one is
 * being written: the database works in its own process meanwhile.
 */
export async function writePatients(
  db: Database,
  context: GenerationContext,
  plan: readonly PatientPlan[],
  options: WritePatientsOptions = {},
): Promise<{ counts: RowCounts; rows: number; patients: number }> {
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const counts = Object.fromEntries(patientTables.map((t) => [t, 0])) as RowCounts;
  let patients = 0;
  let rows = 0;
  let inFlight: Promise<void> | undefined;

  const write = (batch: RowBatch, size: number) =>
    db
      .transaction((tx) =>
        writeServerRows(
          tx,
          patientTables
            .filter((t) => batch[t].length > 0)
            .map((t) => ({ table: t, created: batch[t] })),
          null,
        ),
      )
      .then(() => {
        for (const table of patientTables) counts[table] += batch[table].length;
        patients += size;
        rows += rowsIn(batch);
        options.onProgress?.({ patients, rows });
      });

  let batch = emptyBatch();
  let size = 0;
  try {
    for (const { clinic, count } of plan) {
      for (let number = 1; number <= count; number++) {
        generatePatient(context, clinic, number, batch);
        size++;
        if (size % patientsPerSlice === 0) await nextTurn();
        if (size < batchSize) continue;
        await inFlight;
        inFlight = write(batch, size);
        // Handled when awaited; this only stops an early failure counting as unhandled.
        inFlight.catch(() => undefined);
        batch = emptyBatch();
        size = 0;
      }
    }
    await inFlight;
    if (size > 0) await write(batch, size);
  } catch (error) {
    // Let a failed write finish failing before reporting, so no transaction is left open.
    await inFlight?.catch(() => undefined);
    throw error;
  }
  return { counts, rows, patients };
}

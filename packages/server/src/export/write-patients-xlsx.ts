import type { PassThrough } from 'node:stream';
import type { Transaction } from '../db/database.js';
import type { ExportScope } from './export-scope.js';
import { headerRow, patientRow } from './patient-cells.js';
import { readAttributeColumns, readPatients } from './read-patients.js';
import { drained } from './send-export.js';

/**
 * Writes the patients of `scope` as one XLSX sheet with exceljs's streaming
 * writer: each row is committed (zipped and sent on) as soon as it is added,
 * and the next batch is read only once the client has taken the last, so
 * memory does not grow with the number of patients. Inline strings (no
 * shared-string table, which would hold every distinct value to the end).
 * Cells are strings, never formulas, so nothing needs neutralising.
 */
export async function writePatientsXlsx(
  tx: Transaction,
  scope: ExportScope,
  out: PassThrough,
): Promise<void> {
  // Loaded on first use: exceljs and its zip libraries add half a second to
  // every start of the server and of each command that opens the database.
  const { default: ExcelJS } = await import('exceljs');
  const attributes = await readAttributeColumns(tx, scope);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('Patients');
  sheet.addRow(headerRow(attributes)).commit();
  for await (const batch of readPatients(tx, scope)) {
    for (const patient of batch) sheet.addRow(patientRow(patient, attributes)).commit();
    await drained(out);
  }
  sheet.commit();
  await workbook.commit();
}

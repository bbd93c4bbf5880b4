import type { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Transaction } from '../db/database.js';
import { writeToStream } from '../sync/pull/write-stream.js';
import type { ExportScope } from './export-scope.js';
import { headerRow, patientRow } from './patient-cells.js';
import { readAttributeColumns, readPatients } from './read-patients.js';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or
 * a carriage return first) gets a leading apostrophe, as OWASP's "CSV
 * Injection" advises: opening an export must never run what a device typed.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * Writes the patients of `scope` as CSV (RFC 4180: CRLF, quoted where
 * needed) in UTF-8 with a BOM, so Excel reads Arabic and accented names
 * right; one batch of rows at a time.
 */
export async function writePatientsCsv(
  tx: Transaction,
  scope: ExportScope,
  out: PassThrough,
): Promise<void> {
  const attributes = await readAttributeColumns(tx, scope);
  const options = { record_delimiter: 'windows' } as const;
  await writeToStream(out, stringify([headerRow(attributes)], { ...options, bom: true }));
  for await (const batch of readPatients(tx, scope)) {
    const rows = batch.map((p) => patientRow(p, attributes).map(neutraliseFormula));
    await writeToStream(out, stringify(rows, options));
  }
}

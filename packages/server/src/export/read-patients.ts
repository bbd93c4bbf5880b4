import { getTable } from '@clinicsync/schema';
import type { AnyWireRow } from '@clinicsync/schema';
import type { Transaction } from '../db/database.js';
import { wireRowSql } from '../storage/sql-names.js';
import { exportedPatientSql, exportedRecordSql } from './export-scope.js';
import type { ExportScope } from './export-scope.js';
import { exportBatchSize } from './send-export.js';

/** One exported patient: its wire row, its clinic's name, its additional attributes by id. */
export interface ExportedPatient {
  readonly row: AnyWireRow;
  readonly clinicName: string | null;
  readonly attributes: Readonly<Record<string, string>>;
}

/** An additional attribute that some exported patient has: a column of the export. */
export interface AttributeColumn {
  readonly id: string;
  readonly name: string;
}

/**
 * The additional attributes the exported patients have, by name: the extra
 * columns, known before the first row is written.
 */
export async function readAttributeColumns(
  tx: Transaction,
  scope: ExportScope,
): Promise<AttributeColumn[]> {
  return tx.query<AttributeColumn>(
    `SELECT a.attribute_id AS id, min(a.attribute) AS name FROM patient_additional_attributes a
      WHERE ${exportedRecordSql('a')} GROUP BY a.attribute_id ORDER BY 2, 1`,
    [scope.clinicsParam],
  );
}

// An attribute's one value, whichever of its typed columns holds it, as text.
const attributeValueSql = `coalesce(a.string_value, a.number_value::text,
  to_char(a.date_value AT TIME ZONE 'UTC', 'YYYY-MM-DD'), a.boolean_value::text, '')`;

const patientsSql = `
  SELECT row_to_json(${wireRowSql(getTable('patients'), 'p')})::text AS row,
         (SELECT c.name FROM clinics c WHERE c.id = p.primary_clinic_id) AS clinic_name,
         (SELECT json_object_agg(a.attribute_id, ${attributeValueSql})::text
            FROM patient_additional_attributes a
           WHERE a.patient_id = p.id AND NOT a._deleted AND NOT a.is_deleted) AS attributes
    FROM patients p WHERE ${exportedPatientSql('p')} ORDER BY p.id`;

/**
 * The exported patients in id order, a batch at a time through a cursor.
 *
 * @example
 * for await (const batch of readPatients(tx, scope)) write(batch);
 */
export async function* readPatients(
  tx: Transaction,
  scope: ExportScope,
): AsyncIterable<ExportedPatient[]> {
  type Row = { row: string; clinic_name: string | null; attributes: string | null };
  for await (const rows of tx.cursor<Row>(patientsSql, [scope.clinicsParam], exportBatchSize)) {
    yield rows.map((r) => ({
      row: JSON.parse(r.row) as AnyWireRow,
      clinicName: r.clinic_name,
      attributes: r.attributes ? (JSON.parse(r.attributes) as Record<string, string>) : {},
    }));
  }
}

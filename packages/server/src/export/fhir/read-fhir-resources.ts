import { getTable } from '@clinicsync/schema';
import type { AnyWireRow, FhirExportResource } from '@clinicsync/schema';
import type { Transaction } from '../../db/database.js';
import { ident, wireRowSql } from '../../storage/sql-names.js';
import { exportedRecordSql, exportedPatientSql } from '../export-scope.js';
import type { ExportScope } from '../export-scope.js';
import { exportBatchSize } from '../send-export.js';
import { conditionSource } from './condition-resource.js';
import { encounterSource } from './encounter-resource.js';
import type { FhirResource, FhirSource } from './fhir-values.js';
import { medicationRequestSource } from './medication-request-resources.js';
import { observationSource } from './observation-resources.js';
import { patientSource } from './patient-resource.js';

/** Where each exported FHIR resource type comes from. */
export const fhirSources: Readonly<Record<FhirExportResource, FhirSource>> = {
  Patient: patientSource,
  Encounter: encounterSource,
  Observation: observationSource,
  Condition: conditionSource,
  MedicationRequest: medicationRequestSource,
};

function sourceSql(source: FhirSource): string {
  const live = source.table === 'patients' ? exportedPatientSql('t') : exportedRecordSql('t');
  return `SELECT row_to_json(${wireRowSql(getTable(source.table), 't')})::text AS row,
                 ${source.extraSql ?? 'NULL::text'} AS extra
            FROM ${ident(source.table)} t WHERE ${live} ORDER BY t.id`;
}

/**
 * The resources of one type for the exported patients, a batch of records
 * at a time through a cursor, in record id order.
 *
 * @example
 * for await (const resources of readFhirResources(tx, scope, 'Observation')) write(resources);
 */
export async function* readFhirResources(
  tx: Transaction,
  scope: ExportScope,
  resource: FhirExportResource,
): AsyncIterable<FhirResource[]> {
  const source = fhirSources[resource];
  type Row = { row: string; extra: string | null };
  for await (const rows of tx.cursor<Row>(
    sourceSql(source),
    [scope.clinicsParam],
    exportBatchSize,
  )) {
    yield rows.flatMap((r) =>
      source.toResources(
        JSON.parse(r.row) as AnyWireRow,
        r.extra === null ? null : (JSON.parse(r.extra) as unknown),
      ),
    );
  }
}

import { z } from 'zod';

/**
 * The FHIR R4 resources `GET /api/admin/export/fhir/{resource}` writes, each
 * from one table: patients, visits, vitals, problems and prescriptions.
 */
export const fhirExportResources = [
  'Patient',
  'Encounter',
  'Observation',
  'Condition',
  'MedicationRequest',
] as const;
export type FhirExportResource = (typeof fhirExportResources)[number];

/**
 * The path of a FHIR export. Any string is accepted here, so that an unknown
 * resource is answered 404 `not_found` naming the five, not 400.
 */
export const fhirExportParams = z.object({
  resource: z.string().meta({ description: fhirExportResources.join(', ') }),
});
export type FhirExportParams = z.output<typeof fhirExportParams>;

/** The answer of a patients export: a file, not JSON (described for the OpenAPI document). */
export const exportFile = z.string().meta({
  description:
    'The file, streamed as it is read (content-disposition: attachment). CSV: RFC 4180, UTF-8 with a BOM. ' +
    'XLSX: one sheet. FHIR: one resource per line (NDJSON).',
});

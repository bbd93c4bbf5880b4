import type { PassThrough } from 'node:stream';
import type { FhirExportResource } from '@clinicsync/schema';
import type { Transaction } from '../../db/database.js';
import { writeToStream } from '../../sync/pull/write-stream.js';
import type { ExportScope } from '../export-scope.js';
import { readFhirResources } from './read-fhir-resources.js';

/**
 * Writes FHIR bulk data (NDJSON, as the Bulk Data Access IG's files): one
 * resource of type `resource` per line, one batch at a time.
 */
export async function writeFhirNdjson(
  tx: Transaction,
  scope: ExportScope,
  resource: FhirExportResource,
  out: PassThrough,
): Promise<void> {
  for await (const resources of readFhirResources(tx, scope, resource)) {
    if (resources.length === 0) continue;
    await writeToStream(out, resources.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }
}

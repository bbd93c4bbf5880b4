import type { PassThrough } from 'node:stream';
import type { FhirExportResource } from '@clinicsync/schema';
import type { Transaction } from '../../db/database.js';
import { ChunkBuffer } from '../../sync/pull/write-stream.js';
import type { ExportScope } from '../export-scope.js';
import { readFhirResources } from './read-fhir-resources.js';

/**
 * Writes FHIR bulk data (NDJSON, as the Bulk Data Access IG's files): one
 * resource of type `resource` per line. Lines go out in chunks of about
 * 64 KB, never a whole batch as one string (a batch of vitals is some
 * 4,000 Observations).
 */
export async function writeFhirNdjson(
  tx: Transaction,
  scope: ExportScope,
  resource: FhirExportResource,
  out: PassThrough,
): Promise<void> {
  const chunks = new ChunkBuffer(out);
  for await (const resources of readFhirResources(tx, scope, resource)) {
    for (const r of resources) await chunks.push(`${JSON.stringify(r)}\n`);
  }
  await chunks.flush();
}

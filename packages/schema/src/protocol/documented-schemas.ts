import { syncedTables, tables } from '../model.js';
import { pushChangeSetSchemas } from './change-set.js';
import { pushedRowSchema, wireRowSchema } from './wire-row.js';

/**
 * Builds (and so registers, for an OpenAPI document) the schemas that only
 * describe rows and push bodies: every table's pulled and pushed row and the
 * push change sets. Devices never call it; a server documenting its API
 * calls it once before the document is generated.
 */
export function buildDocumentedSchemas(): void {
  for (const table of syncedTables) wireRowSchema(table.name);
  for (const table of tables) pushedRowSchema(table.name);
  pushChangeSetSchemas();
}

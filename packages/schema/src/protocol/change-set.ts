import { z } from 'zod';
import { tables } from '../model.js';
import { recordId } from './record-id.js';
import { pulledRow, pushedRowSchema } from './wire-row.js';

/**
 * One table's part of a pulled change set. Our server always sends all three
 * lists; a list another server leaves out reads as empty.
 */
export const pulledTableChanges = z
  .object({
    created: z.array(pulledRow).default([]),
    updated: z.array(pulledRow).default([]),
    deleted: z.array(recordId).default([]),
  })
  .meta({ id: 'PulledTableChanges' });

/**
 * A pulled change set: table name → its changes. Tables a device does not
 * know (a newer server) are kept here and skipped when applied.
 */
export const pulledChangeSet = z
  .record(z.string(), pulledTableChanges)
  .meta({ id: 'PulledChangeSet', description: 'Table name → created, updated and deleted.' });

let pushChangeSets: { readonly bare: z.ZodObject; readonly wrapped: z.ZodObject } | undefined;

/**
 * The change set a device pushes, bare and wrapped (`{changes,
 * lastPulledAt}`, other keys ignored), per table of schema version 9, for
 * readers and tools: the OpenAPI components `PushChangeSet` and
 * `WrappedPushChangeSet`. The server checks pushes with `validatePush`,
 * generated from the same data model, which also says which record and
 * column is wrong. Built on first use, like the row schemas.
 */
export function pushChangeSetSchemas(): {
  readonly bare: z.ZodObject;
  readonly wrapped: z.ZodObject;
} {
  if (pushChangeSets) return pushChangeSets;
  const bare = z
    .strictObject(
      Object.fromEntries(
        tables.map((table) => [
          table.name,
          z
            .strictObject({
              created: z.array(pushedRowSchema(table.name)).optional(),
              updated: z.array(pushedRowSchema(table.name)).optional(),
              deleted: z.array(recordId).optional(),
            })
            .optional(),
        ]),
      ),
    )
    .meta({
      id: 'PushChangeSet',
      description:
        'Table name → created, updated and deleted. Tables that never leave a device are checked, then ignored.',
    });
  const cursor = z.number().int().nonnegative().nullable().optional();
  const wrapped = z
    .looseObject({ changes: bare, lastPulledAt: cursor, last_pulled_at: cursor })
    .meta({ id: 'WrappedPushChangeSet' });
  return (pushChangeSets = { bare, wrapped });
}

import { z } from 'zod';
import { tables } from '../model.js';
import { recordId } from './record-id.js';
import { pulledRow, pushedRowSchemas } from './wire-row.js';

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

/**
 * The change set a device pushes, per table of schema version 9, described
 * for readers and tools (OpenAPI `PushChangeSet`). The server checks pushes
 * with `validatePush`, generated from the same data model, which also says
 * which record and column is wrong.
 */
export const pushChangeSet = z
  .strictObject(
    Object.fromEntries(
      tables.map((table) => [
        table.name,
        z
          .strictObject({
            created: z.array(pushedRowSchemas.get(table.name)!).optional(),
            updated: z.array(pushedRowSchemas.get(table.name)!).optional(),
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

const pushCursor = z.number().int().nonnegative().nullable().optional();

/** The wrapped form of a push body: `{changes, lastPulledAt}`; other keys are ignored. */
export const wrappedPushChangeSet = z
  .looseObject({ changes: pushChangeSet, lastPulledAt: pushCursor, last_pulled_at: pushCursor })
  .meta({ id: 'WrappedPushChangeSet' });

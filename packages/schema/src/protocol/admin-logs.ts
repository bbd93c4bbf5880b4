import { z } from 'zod';
import { wholeNumberParam } from './query-number.js';

export const defaultPageSize = 50;
export const maxPageSize = 500;

/**
 * `?limit&before` of the administration lists: `limit` 1–500 (default 50),
 * `before` the id cursor from a previous answer's `next` (absent: newest).
 * Other query parameters are ignored.
 */
export const logPageQuery = z.object({
  limit: wholeNumberParam(1, maxPageSize).default(defaultPageSize),
  before: wholeNumberParam(1, Number.MAX_SAFE_INTEGER).optional(),
});
export type LogPageQuery = z.output<typeof logPageQuery>;

/** `true` or `false` in a query string, as a boolean. */
const booleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');

/** `GET /api/admin/conflicts`: the page, and `open=true` for the unresolved only (`false`: the resolved). */
export const conflictsQuery = logPageQuery.extend({ open: booleanParam.optional() });
export type ConflictsQuery = z.output<typeof conflictsQuery>;

/** `GET /api/admin/sync-log`: the page, narrowed to a user, a device, pulls or pushes. */
export const syncLogQuery = logPageQuery.extend({
  user_id: z.string().min(1).max(64).optional(),
  device: z.string().min(1).max(200).optional().meta({ description: 'the X-Device-Id' }),
  kind: z.enum(['pull', 'push']).optional(),
});
export type SyncLogQuery = z.output<typeof syncLogQuery>;

/**
 * The name and email of the user an entry names, read with the entry so a
 * console shows people, not ids (null with no user, or one no longer found).
 */
const userNames = {
  user_name: z.string().nullable().meta({ description: "the user's name" }),
  user_email: z.string().nullable().meta({ description: "the user's email" }),
};

/** Who wrote a value: the user (and their name), and the device when a device pushed it (null for the server). */
const author = z.object({
  user: z.string().nullable(),
  name: z.string().nullable().meta({ description: "the user's name; null for the server" }),
  device: z.string().nullable(),
});

/** One entry of the conflict log. */
export const conflictEntry = z
  .object({
    id: z.number().int(),
    table: z.string(),
    row_id: z.string(),
    column: z
      .string()
      .nullable()
      .meta({ description: "null for a whole row (kind 'row_deleted')" }),
    kind: z.enum(['column', 'row_deleted', 'refused']).meta({
      description:
        "'column': a value replaced; 'row_deleted': a write to a deleted row; 'refused': a pushed record the server refused (see reason)",
    }),
    reason: z
      .string()
      .nullable()
      .meta({ description: "why a 'refused' record was refused: forbidden, out_of_scope, …" }),
    clinic_id: z
      .string()
      .nullable()
      .meta({ description: 'the clinic of the record; null when it has none' }),
    clinic_name: z.string().nullable().meta({ description: "the record's clinic's name" }),
    applied_value: z
      .unknown()
      .meta({ description: "wire value; the whole row for 'row_deleted' and 'refused'" }),
    replaced_value: z.unknown(),
    applied_by: author,
    replaced_by: author,
    at: z.number().int().meta({ description: 'epoch milliseconds' }),
    resolved: z
      .object({
        by: z.string().nullable().meta({ description: "the administrator's user id" }),
        at: z.number().int().meta({ description: 'epoch milliseconds' }),
        action: z.enum(['keep', 'restore']),
      })
      .nullable()
      .meta({ description: 'null while the conflict is open' }),
  })
  .meta({ id: 'ConflictEntry' });
export type ConflictEntry = z.output<typeof conflictEntry>;

/** `GET /api/admin/conflicts`: newest first; `next` is the following page's `before`, null on the last. */
export const conflictsPage = z
  .object({ conflicts: z.array(conflictEntry), next: z.number().int().nullable() })
  .meta({ id: 'ConflictsPage' });

export const conflictIdParams = z.strictObject({
  id: wholeNumberParam(1, Number.MAX_SAFE_INTEGER),
});

/**
 * `POST /api/admin/conflicts/:id/resolve`: `keep` the applied value (the
 * conflict is marked reviewed), or `restore` the replaced value as a new
 * change that every device pulls.
 */
export const resolveConflictBody = z
  .strictObject({ action: z.enum(['keep', 'restore']) })
  .meta({ id: 'ResolveConflict' });
export type ResolveConflictBody = z.output<typeof resolveConflictBody>;

/** One pull or push of the sync log. */
export const syncLogEntry = z
  .object({
    id: z.number().int(),
    at: z.number().int().meta({ description: 'epoch milliseconds' }),
    user: z.string().nullable(),
    ...userNames,
    device: z.string().nullable().meta({ description: 'the X-Device-Id the device sent' }),
    kind: z.enum(['pull', 'push']),
    counts: z.unknown().meta({
      description:
        'rows per table ({patients: {created, updated, deleted}}); a push adds conflicts',
    }),
    rejected: z
      .unknown()
      .meta({ description: 'the records a push refused: [{table, id, reason}]' }),
    ms: z.number(),
    last_pulled_at: z.number().int().nullable(),
    timestamp: z.number().int().nullable(),
    schema_version: z
      .number()
      .int()
      .nullable()
      .meta({ description: "a pull's schemaVersion, when the device sent one" }),
    error: z.string().nullable().meta({
      description: 'the error code of a refused or failed sync; null when it went through',
    }),
  })
  .meta({ id: 'SyncLogEntry' });
export type SyncLogEntry = z.output<typeof syncLogEntry>;

/** `GET /api/admin/sync-log`: newest first, paged like the conflict log. */
export const syncLogPage = z
  .object({ entries: z.array(syncLogEntry), next: z.number().int().nullable() })
  .meta({ id: 'SyncLogPage' });

/** One read or follow of records, possibly outside the reader's scope (PROTOCOL.md, "Administration"). */
export const accessLogEntry = z
  .object({
    id: z.number().int(),
    at: z.number().int().meta({ description: 'epoch milliseconds' }),
    user: z.string().meta({ description: "the acting user's id" }),
    ...userNames,
    action: z.string().meta({ description: 'lookup, follow, unfollow, export, erase, …' }),
    target: z.string().meta({ description: 'the query of a lookup, the patient id, the export' }),
  })
  .meta({ id: 'AccessLogEntry' });
export type AccessLogEntry = z.output<typeof accessLogEntry>;

/** `GET /api/admin/access-log`: newest first, paged like the conflict log. */
export const accessLogPage = z
  .object({ entries: z.array(accessLogEntry), next: z.number().int().nullable() })
  .meta({ id: 'AccessLogPage' });

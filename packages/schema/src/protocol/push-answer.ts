import { z } from 'zod';
import { recordId } from './record-id.js';

/**
 * Why a record was refused (PROTOCOL.md, "Scope"): `forbidden`, a missing
 * permission flag in the record's clinic or a `provider_id` outside it;
 * `out_of_scope`, not the user's clinic or patient; `server_managed`, a table
 * that only administration calls change.
 */
export const rejectionReason = z
  .enum(['forbidden', 'out_of_scope', 'server_managed'])
  .meta({ id: 'RejectionReason' });

/** A record the server refused; the rest of the push was applied, this one stays pending. */
export const rejectedRecord = z
  .object({ table: z.string(), id: recordId, reason: rejectionReason })
  .meta({ id: 'RejectedRecord' });

export type RejectedRecord = z.output<typeof rejectedRecord>;

/**
 * The answer to `POST /api/v2/sync`: `{ok: true}`, plus the refused records
 * when there are any, both in WatermelonDB's `experimentalRejectedIds`
 * (table → ids) and, with reasons, in `rejected`.
 */
export const pushAnswer = z
  .object({
    ok: z.literal(true),
    experimentalRejectedIds: z.record(z.string(), z.array(recordId)).optional(),
    rejected: z.array(rejectedRecord).optional(),
  })
  .meta({ id: 'PushAnswer' });

export type PushAnswer = z.output<typeof pushAnswer>;

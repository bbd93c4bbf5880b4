import { z } from 'zod';
import { recordId } from './record-id.js';

/** A record the server refused; the rest of the push was applied, this one stays pending. */
export const rejectedRecord = z
  .object({ table: z.string(), id: recordId, reason: z.string() })
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

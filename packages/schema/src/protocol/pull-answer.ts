import { z } from 'zod';
import type { ChangeSet } from '../wire-types.js';
import { pulledChangeSet } from './change-set.js';

/** A pull's `timestamp`: opaque to the device, a positive integer below 2^53 that never decreases. */
export const pullTimestamp = z
  .number()
  .int()
  .positive()
  .max(Number.MAX_SAFE_INTEGER)
  .meta({ description: 'Send it back as last_pulled_at next time.' });

/** The token of a paged pull's next page: opaque to the device, sent back as `next`. */
export const pageToken = z.string().min(1).max(4096);

/** How much the whole paged pull holds, on its first page, for honest progress. */
export const pullEstimate = z
  .object({ records: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() })
  .meta({ id: 'PullEstimate' });

/**
 * The answer to `GET /api/v2/sync` (PROTOCOL.md, "Pull"); a paged pull adds
 * `has_more` and `next` (always a `next` while `has_more` is true).
 *
 * @example
 * const page = pullAnswer.parse(JSON.parse(text)); // throws a ZodError when malformed
 */
export const pullAnswer = z
  .object({
    changes: pulledChangeSet,
    timestamp: pullTimestamp,
    has_more: z.boolean().optional(),
    next: pageToken.optional(),
    estimate: pullEstimate.optional(),
  })
  .refine((answer) => answer.has_more !== true || answer.next !== undefined, {
    message: 'has_more without next',
    path: ['next'],
  })
  .meta({ id: 'PullAnswer' });

export type PullAnswer = z.output<typeof pullAnswer>;

/** A pull answer with its change set typed table by table (for tests and tools). */
export type PullResponse = Omit<PullAnswer, 'changes'> & { changes: ChangeSet };

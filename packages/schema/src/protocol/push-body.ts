import { z } from 'zod';
import { validatePush } from '../validate-push.js';
import type { ValidatedPush } from '../validate-push.js';

/**
 * `POST /api/v2/sync`'s body, bare (`{"patients": {...}}`, as the Hikma app
 * sends it) or wrapped (`{"changes": {...}, "lastPulledAt": n}`), checked
 * whole by `validatePush` and read into a `ValidatedPush`. A refused body
 * fails with one issue whose `params` carry the error code `invalid_push`
 * and every problem found, so the answer says what to fix.
 */
export const pushBody = z
  .unknown()
  .transform((body, ctx): ValidatedPush => {
    const result = validatePush(body);
    if (result.ok) return result.value;
    ctx.addIssue({
      code: 'custom',
      message: 'The push was refused whole; nothing was written.',
      params: { code: 'invalid_push', details: { problems: result.problems } },
    });
    return z.NEVER;
  })
  .meta({
    description: 'A WatermelonDB change set, bare or wrapped.',
    anyOf: [
      { $ref: '#/components/schemas/PushChangeSet' },
      { $ref: '#/components/schemas/WrappedPushChangeSet' },
    ],
  });

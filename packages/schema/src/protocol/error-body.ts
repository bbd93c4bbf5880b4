import { z } from 'zod';

/**
 * Every error answer (PROTOCOL.md, "Errors"): a code a program switches on,
 * a message a person can act on, and details (the problems of a refused
 * body, the retry delay of a 429) or null.
 */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string().meta({
        description:
          'bad_request, invalid_push, unauthorized, forbidden, not_found, conflict, email_taken, payload_too_large, request_timeout, too_many_requests, internal, unavailable',
      }),
      message: z.string(),
      details: z.unknown(),
    }),
  })
  .meta({ id: 'ErrorBody' });

export type ErrorBody = z.output<typeof errorBody>;

/** One problem of a refused request, as a 400's `details.issues` lists them. */
export const inputIssue = z.object({ path: z.string(), message: z.string() });

export type InputIssue = z.output<typeof inputIssue>;

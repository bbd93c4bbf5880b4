import type { z } from 'zod';
import { AppError } from '../errors.js';

/** One problem with a request, as listed in a 400 answer's `details.issues`. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Validates a request body or query against `schema`, or throws 400
 * `bad_request` listing every problem, so a client fixes them all at once.
 *
 * @example
 * const { name } = parseInput(z.strictObject({ name: z.string() }), request.body, 'body');
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: 'body' | 'query' | 'path',
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues: InputIssue[] = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new AppError('bad_request', `The request ${what} is not valid.`, { issues });
}

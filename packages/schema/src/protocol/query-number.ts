import { z } from 'zod';

/**
 * A whole number written in a query string, from `min` to `max`, as a
 * number: `'50'` → 50; `'ten'`, `'2.5'` and `'-1'` are refused.
 *
 * @example
 * const limit = wholeNumberParam(1, 500).default(50);
 */
export function wholeNumberParam(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,16}$/, 'Expected a whole number.')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

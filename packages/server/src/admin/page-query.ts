import { z } from 'zod';

export const defaultPageSize = 50;
export const maxPageSize = 500;

const wholeNumber = z
  .string()
  .regex(/^\d{1,16}$/, 'Expected a whole number.')
  .transform(Number);

/**
 * `?limit&before` of the administration lists: `limit` 1–500 (default 50),
 * `before` the id cursor from a previous answer's `next` (absent: newest).
 * Other query parameters are ignored.
 */
export const pageQuery = z.object({
  limit: wholeNumber.pipe(z.number().int().min(1).max(maxPageSize)).default(defaultPageSize),
  before: wholeNumber.pipe(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)).optional(),
});

export type PageQuery = z.output<typeof pageQuery>;

/**
 * Splits rows read with `LIMIT limit + 1` into one page and the cursor of
 * the next, so the last page says `next: null` instead of leading to an
 * empty one.
 */
export function toPage<Row extends { id: number }>(rows: readonly Row[], limit: number) {
  const items = rows.slice(0, limit);
  const next = rows.length > limit ? (items.at(-1)?.id ?? null) : null;
  return { items, next };
}

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

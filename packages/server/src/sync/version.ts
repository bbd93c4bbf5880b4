import type { Queryable } from '../db/database.js';

/**
 * A version is the counter's value times 2^20; the numbers strictly between
 * two versions are pull timestamps. So a pull never writes the counter, and
 * `version > timestamp` is exactly "written after that pull's snapshot".
 */
export const versionStep = 2 ** 20;

/**
 * Takes the counter's row lock and returns the next version. Call it as late
 * as possible in a writing transaction and commit right after: versions then
 * commit in order, which is what makes a pull's watermark sound.
 */
export async function takeNextVersion(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ value: number }>(
    'UPDATE sync_counter SET value = value + 1 RETURNING value',
  );
  if (!row) throw new Error('sync_counter has no row');
  return row.value * versionStep;
}

import type { Queryable } from '../../db/database.js';
import { versionStep } from '../version.js';

export interface PullPoint {
  /** The timestamp this pull answers with: unique, above every version it can see. */
  readonly timestamp: number;
  /** Versions up to here are committed and visible; no later commit can have one. */
  readonly watermark: number;
}

/**
 * Reads the watermark and allocates this pull's timestamp. Call inside the
 * REPEATABLE READ transaction that then reads the rows: the counter value it
 * sees was committed together with every row of that version and below, and
 * any writer still open will take a higher version.
 *
 * The timestamp is the watermark plus a number from a sequence, unique across
 * all pulls (the `pulls` primary key guarantees it) and never below the
 * device's previous one. The sequence and the `pulls` row live on the
 * primary (`primary`); on a read replica, the snapshot is another
 * connection, and only its counter sets the watermark.
 */
export async function allocatePull(
  snapshot: Queryable,
  primary: Queryable,
  previousCursor: number,
  userId: string,
  deviceId: string | null,
): Promise<PullPoint | undefined> {
  const watermark = await readWatermark(snapshot);
  for (let attempt = 0; attempt < 8; attempt++) {
    // The sequence's next number and the row claiming it, in one round trip;
    // `candidate` tells a band used up from a cursor another pull took.
    const [row] = await primary.query<{ candidate: number; inserted: number | null }>(
      `WITH next AS (
         SELECT greatest($1::bigint + 1 + nextval('pull_seq') % ($2::bigint - 1), $3::bigint + 1) AS cursor
       ), claimed AS (
         INSERT INTO pulls (cursor, previous_cursor, user_id, device_id)
         SELECT cursor, $3, $4, $5 FROM next WHERE cursor < $1::bigint + $2::bigint
         ON CONFLICT (cursor) DO NOTHING RETURNING cursor
       )
       SELECT next.cursor AS candidate, claimed.cursor AS inserted FROM next LEFT JOIN claimed ON true`,
      [watermark, versionStep, previousCursor, userId, deviceId],
    );
    // The band above this watermark is used up: the caller makes a new one.
    if (row!.candidate >= watermark + versionStep) return undefined;
    if (row!.inserted !== null) return { timestamp: row!.inserted, watermark };
  }
  return undefined;
}

/** The newest version committed and visible in this snapshot. */
export async function readWatermark(snapshot: Queryable): Promise<number> {
  const [counter] = await snapshot.query<{ value: number }>('SELECT value FROM sync_counter');
  return counter!.value * versionStep;
}

/** The watermark a pull's timestamp (or a version) was allocated above. */
export const watermarkOf = (cursor: number): number =>
  Math.floor(cursor / versionStep) * versionStep;

/**
 * The cursor a device held before the pull that answered `cursor` (the base
 * for conflicts), or null when this server never handed `cursor` out: a
 * device holding such a cursor (from a restored backup, or made up) must
 * download everything again.
 */
export async function findPreviousCursor(tx: Queryable, cursor: number): Promise<number | null> {
  if (cursor === 0) return 0;
  const [row] = await tx.query<{ previous_cursor: number }>(
    'SELECT previous_cursor FROM pulls WHERE cursor = $1',
    [cursor],
  );
  return row ? row.previous_cursor : null;
}

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
    const [seq] = await primary.query<{ n: number }>("SELECT nextval('pull_seq') AS n");
    const offset = 1 + (seq!.n % (versionStep - 1));
    const timestamp = Math.max(watermark + offset, previousCursor + 1);
    // The band above this watermark is used up: the caller makes a new one.
    if (timestamp >= watermark + versionStep) return undefined;
    const inserted = await primary.query(
      `INSERT INTO pulls (cursor, previous_cursor, user_id, device_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cursor) DO NOTHING RETURNING cursor`,
      [timestamp, previousCursor, userId, deviceId],
    );
    if (inserted.length === 1) return { timestamp, watermark };
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
 * Whether `cursor` is a timestamp this server handed out. A device holding
 * any other (from a restored backup, or made up) must download everything again.
 */
export async function isKnownCursor(tx: Queryable, cursor: number): Promise<boolean> {
  if (cursor === 0) return true;
  const rows = await tx.query('SELECT 1 FROM pulls WHERE cursor = $1', [cursor]);
  return rows.length > 0;
}

/** The cursor a device held before the pull that answered `cursor` (the base for conflicts). */
export async function findPreviousCursor(tx: Queryable, cursor: number): Promise<number | null> {
  if (cursor === 0) return 0;
  const [row] = await tx.query<{ previous_cursor: number }>(
    'SELECT previous_cursor FROM pulls WHERE cursor = $1',
    [cursor],
  );
  return row ? row.previous_cursor : null;
}

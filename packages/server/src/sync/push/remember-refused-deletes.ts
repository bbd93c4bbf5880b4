import type { Queryable } from '../../db/database.js';
import type { RefusedRecord } from './judge-push.js';

/**
 * Keeps the deletes a push refused under the cursor it was pushed from, so
 * the device's pulls send those records again (a stock client drops a
 * record once its delete is pushed, whatever the answer). A replayed push
 * records the same rows again and changes nothing.
 */
export async function rememberRefusedDeletes(
  tx: Queryable,
  userId: string,
  cursor: number,
  refused: readonly RefusedRecord[],
): Promise<void> {
  const deletes = refused
    .filter((r) => r.values['deleted'] === true)
    .map((r) => ({ table_name: r.table, row_id: r.id }));
  if (cursor <= 0 || deletes.length === 0) return;
  await tx.query(
    `INSERT INTO refused_deletes (user_id, cursor, table_name, row_id)
     SELECT $1, $2, x.table_name, x.row_id FROM json_to_recordset($3::json) AS x(table_name text, row_id text)
     ON CONFLICT DO NOTHING`,
    [userId, cursor, JSON.stringify(deletes)],
  );
}

/** What a pull does with the records whose delete the pulling device's pushes had refused. */
export interface RefusedDeletes {
  /** Refused after the device's previous pull, not again since: sent again, as created. */
  readonly resent: ReadonlyMap<string, readonly string[]>;
  /**
   * Refused after the pull at `since`: the device may have dropped the record
   * or (its answer lost) still hold a tombstone it will push again, so this
   * pull sends neither a create nor an update of them; the next one decides.
   */
  readonly withheld: ReadonlyMap<string, readonly string[]>;
}

/**
 * Reads, for the device pulling from `since` (whose previous cursor is
 * `previous`), the records whose delete it pushed and the server refused.
 * A stock client told to create a record it holds as deleted, or to update
 * one it dropped, logs an error: so each is withheld for one pull, and sent
 * again whole on the next unless the device pushed its delete once more.
 */
export async function readRefusedDeletes(
  db: Queryable,
  userId: string,
  since: number,
  previous: number,
): Promise<RefusedDeletes> {
  const resent = new Map<string, string[]>();
  const withheld = new Map<string, string[]>();
  if (since <= 0) return { resent, withheld };
  const rows = await db.query<{ table_name: string; row_id: string; cursor: string }>(
    `SELECT r.table_name, r.row_id, r.cursor::text FROM refused_deletes r
      WHERE r.user_id = $1 AND (r.cursor = $3
         OR (r.cursor = $2 AND NOT EXISTS (SELECT 1 FROM refused_deletes again
                                            WHERE again.user_id = $1 AND again.cursor = $3
                                              AND again.table_name = r.table_name AND again.row_id = r.row_id)))`,
    [userId, previous, since],
  );
  for (const row of rows) {
    const into = Number(row.cursor) === since ? withheld : resent;
    into.set(row.table_name, [...(into.get(row.table_name) ?? []), row.row_id]);
  }
  return { resent, withheld };
}

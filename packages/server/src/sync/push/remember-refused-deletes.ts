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

/**
 * The records to send again to the device pulling from `since` (whose
 * previous cursor is `previous`): those whose delete it pushed after its
 * pull at `previous` and the server refused. Not sooner: a device whose
 * answer to that push was lost still holds its tombstone and pushes the
 * delete again after its next pull, and a stock client told to create a
 * record it holds as deleted logs an error. A delete refused again after
 * `since` waits for the next pull the same way.
 */
export async function readRefusedDeletes(
  db: Queryable,
  userId: string,
  since: number,
  previous: number,
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (previous <= 0) return found;
  const rows = await db.query<{ table_name: string; row_id: string }>(
    `SELECT r.table_name, r.row_id FROM refused_deletes r
      WHERE r.user_id = $1 AND r.cursor = $2
        AND NOT EXISTS (SELECT 1 FROM refused_deletes again
                         WHERE again.user_id = $1 AND again.cursor = $3
                           AND again.table_name = r.table_name AND again.row_id = r.row_id)`,
    [userId, previous, since],
  );
  for (const row of rows) {
    found.set(row.table_name, [...(found.get(row.table_name) ?? []), row.row_id]);
  }
  return found;
}

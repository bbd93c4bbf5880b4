import type { Queryable } from '../../db/database.js';
import type { RefusedRecord } from './judge-push.js';

/**
 * Keeps the deletes a push refused under the cursor it was pushed from, so
 * the device's next pull sends those records again (a stock client drops a
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

/** The records whose delete this user's push from `cursor` was refused, per table. */
export async function readRefusedDeletes(
  db: Queryable,
  userId: string,
  cursor: number,
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (cursor <= 0) return found;
  const rows = await db.query<{ table_name: string; row_id: string }>(
    'SELECT table_name, row_id FROM refused_deletes WHERE user_id = $1 AND cursor = $2',
    [userId, cursor],
  );
  for (const row of rows)
    found.set(row.table_name, [...(found.get(row.table_name) ?? []), row.row_id]);
  return found;
}

import type { Table } from '@clinicsync/schema';
import type { Queryable } from '../../db/database.js';
import type { Actor } from './actor.js';
import type { OtherWrite } from './merge-columns.js';

interface HistoryEntry {
  row_id: string;
  version: number;
  user_id: string | null;
  device_id: string | null;
  cursor: number | null;
  after: Record<string, unknown> | null;
}

/** Whether a history entry is the actor's own write (its device, or its cursor chain). */
function isOwnWrite(entry: HistoryEntry, actor: Actor): boolean {
  if (actor.deviceId !== null && entry.device_id === actor.deviceId) return true;
  if (entry.user_id !== actor.userId || entry.cursor === null || entry.cursor <= 0) return false;
  // Timestamps are unique per pull, so a (user, cursor) pair is one device at
  // one point of its chain: its previous push, or this very push replayed.
  return entry.cursor === actor.conflictBase || entry.cursor === actor.cursor;
}

/**
 * For each row id, the columns someone other than `actor` updated after the
 * actor's conflict base, with the latest such write of each column. Creations
 * do not count: a device can only have edited a row it had already received.
 */
export async function findOtherWrites(
  tx: Queryable,
  table: Table,
  ids: readonly string[],
  actor: Actor,
): Promise<Map<string, Map<string, OtherWrite>>> {
  const byRow = new Map<string, Map<string, OtherWrite>>();
  if (ids.length === 0 || actor.conflictBase === null) return byRow;
  const entries = await tx.query<HistoryEntry>(
    `SELECT row_id, version, user_id, device_id, cursor, after FROM change_history
      WHERE table_name = $1 AND row_id = ANY($2::text[]) AND version > $3 AND op = 'update'
      ORDER BY version`,
    [table.name, ids, actor.conflictBase],
  );
  for (const entry of entries) {
    if (isOwnWrite(entry, actor) || !entry.after) continue;
    let columns = byRow.get(entry.row_id);
    if (!columns) byRow.set(entry.row_id, (columns = new Map()));
    for (const column of Object.keys(entry.after)) {
      columns.set(column, {
        userId: entry.user_id,
        deviceId: entry.device_id,
        version: entry.version,
      });
    }
  }
  return byRow;
}

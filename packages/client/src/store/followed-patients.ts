import type { SqlDriver, SqlStatement } from '../driver/sql-driver.js';
import { followedTable } from './local-schema.js';

/** A patient this device added to the user's scope with `followPatient`. */
export interface FollowedPatient {
  readonly id: string;
  /** When the server confirmed the follow (epoch ms, this device's clock). */
  readonly followedAt: number;
}

export function recordFollow(id: string, at: number): SqlStatement {
  return {
    sql: `INSERT INTO ${followedTable} (id, followed_at) VALUES (?, ?) ON CONFLICT(id) DO NOTHING`,
    params: [id, at],
  };
}

export function forgetFollow(id: string): SqlStatement {
  return { sql: `DELETE FROM ${followedTable} WHERE id = ?`, params: [id] };
}

export async function readFollowed(driver: SqlDriver): Promise<FollowedPatient[]> {
  const rows = await driver.query<{ id: string; followed_at: number }>(
    `SELECT id, followed_at FROM ${followedTable} ORDER BY followed_at DESC, id`,
  );
  return rows.map((row) => ({ id: row.id, followedAt: row.followed_at }));
}

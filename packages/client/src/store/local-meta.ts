import type { SqlDriver, SqlStatement } from '../driver/sql-driver.js';
import { metaTable } from './local-schema.js';

/** What the store keeps beside the tables, one row per key in the meta table. */
export const metaKeys = {
  schemaVersion: 'schema_version',
  deviceId: 'device_id',
  /** The store-wide write counter behind `_rev`. */
  rev: 'rev',
  /** The `timestamp` of the last completed pull: the next pull's `last_pulled_at`. */
  lastPulledAt: 'last_pulled_at',
  /** A paged pull in progress: the `last_pulled_at` it started from and the `next` to ask for. */
  pullSince: 'pull_since',
  pullNext: 'pull_next',
  /** Rows and pages applied so far by the pull in progress. */
  pullRows: 'pull_rows',
  pullPages: 'pull_pages',
  /** Bytes received so far by the pull in progress, and its first page's estimate of the whole. */
  pullBytes: 'pull_bytes',
  pullTotalRecords: 'pull_total_records',
  pullTotalBytes: 'pull_total_bytes',
  /** The version of the patient search index the database holds (local-schema.ts). */
  searchIndex: 'search_index',
} as const;

export type MetaKey = (typeof metaKeys)[keyof typeof metaKeys];

/** A statement that stores `value` under `key` (for a batch, so it commits with the rows). */
export function setMeta(key: MetaKey, value: string | number): SqlStatement {
  return {
    sql: `INSERT INTO ${metaTable} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    params: [key, String(value)],
  };
}

export function deleteMeta(...keys: MetaKey[]): SqlStatement {
  return {
    sql: `DELETE FROM ${metaTable} WHERE key IN (${keys.map(() => '?').join(', ')})`,
    params: keys,
  };
}

export async function readMeta(driver: SqlDriver): Promise<Map<string, string>> {
  const rows = await driver.query<{ key: string; value: string }>(
    `SELECT key, value FROM ${metaTable}`,
  );
  return new Map(rows.map((row) => [row.key, row.value]));
}

/** The store-wide write counter as stored (0 before the first write). */
export async function readRev(driver: SqlDriver): Promise<number> {
  const [row] = await driver.query<{ value: string }>(
    `SELECT value FROM ${metaTable} WHERE key = ?`,
    [metaKeys.rev],
  );
  return Number(row?.value ?? 0);
}

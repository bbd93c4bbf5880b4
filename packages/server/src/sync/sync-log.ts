import type { Queryable } from '../db/database.js';

export interface SyncLogEntry {
  readonly userId: string;
  readonly deviceId: string | null;
  readonly kind: 'pull' | 'push';
  readonly lastPulledAt: number | null;
  readonly timestamp: number | null;
  readonly counts: unknown;
  readonly rejected: unknown;
  readonly ms: number;
  /** The schemaVersion a pull sent; null for pushes and pulls without one. */
  readonly schemaVersion?: number | null;
  /** The error code of a sync the server refused or failed; absent when it went through. */
  readonly error?: string;
}

/** Records one pull or push in the sync log. */
export async function logSync(db: Queryable, entry: SyncLogEntry): Promise<void> {
  await db.query(
    `INSERT INTO sync_log (user_id, device_id, kind, last_pulled_at, timestamp, counts, rejected, ms,
       schema_version, error)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10)`,
    [
      entry.userId,
      entry.deviceId,
      entry.kind,
      entry.lastPulledAt,
      entry.timestamp,
      JSON.stringify(entry.counts),
      JSON.stringify(entry.rejected),
      Math.round(entry.ms),
      entry.schemaVersion ?? null,
      entry.error ?? null,
    ],
  );
}

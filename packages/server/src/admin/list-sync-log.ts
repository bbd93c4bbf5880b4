import type { Queryable } from '../db/database.js';
import type { SyncLogEntry, SyncLogQuery } from '@clinicsync/schema';
import type { AdminReach } from './admin-reach.js';
import { toPage } from './to-page.js';

interface SyncLogRow {
  id: number;
  at: number;
  user_id: string | null;
  device_id: string | null;
  kind: 'pull' | 'push';
  counts: unknown;
  rejected: unknown;
  ms: number;
  last_pulled_at: number | null;
  timestamp: number | null;
  schema_version: number | null;
}

/**
 * A page of the sync log, newest first, with the cursor of the next page,
 * narrowed to a user, a device (its X-Device-Id) or a kind when given.
 * A super_admin reads all of it; an admin only the entries of users who
 * belong to one of their clinics now.
 *
 * @example
 * const { entries, next } = await listSyncLog(db, reach, { limit: 50, kind: 'push', device: 'tablet-3' });
 */
export async function listSyncLog(
  db: Queryable,
  reach: AdminReach,
  page: SyncLogQuery,
): Promise<{ entries: SyncLogEntry[]; next: number | null }> {
  const rows = await db.query<SyncLogRow>(
    `SELECT id, (extract(epoch from at) * 1000)::bigint AS at, user_id, device_id, kind,
            counts, rejected, ms, last_pulled_at, "timestamp", schema_version
       FROM sync_log
      WHERE ($1::bigint IS NULL OR id < $1::bigint)
        AND ($3::text[] IS NULL OR user_id IN (
              SELECT user_id FROM clinic_memberships
               WHERE ended IS NULL AND clinic_id = ANY($3::text[])))
        AND ($4::text IS NULL OR user_id = $4::text)
        AND ($5::text IS NULL OR device_id = $5::text)
        AND ($6::text IS NULL OR kind = $6::text)
      ORDER BY id DESC LIMIT $2`,
    [
      page.before ?? null,
      page.limit + 1,
      reach.whole ? null : [...reach.clinics],
      page.user_id ?? null,
      page.device ?? null,
      page.kind ?? null,
    ],
  );
  const { items, next } = toPage(rows, page.limit);
  const entries = items.map((r) => ({
    id: r.id,
    at: r.at,
    user: r.user_id,
    device: r.device_id,
    kind: r.kind,
    counts: r.counts,
    rejected: r.rejected,
    ms: r.ms,
    last_pulled_at: r.last_pulled_at,
    timestamp: r.timestamp,
    schema_version: r.schema_version,
  }));
  return { entries, next };
}

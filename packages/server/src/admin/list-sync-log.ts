import type { Queryable } from '../db/database.js';
import type { SyncLogEntry, SyncLogQuery } from '@clinicsync/schema';
import type { AdminReach } from './admin-reach.js';
import { toPage } from './to-page.js';

interface SyncLogRow {
  id: number;
  at: number;
  user_id: string | null;
  user_name: string | null;
  user_email: string | null;
  device_id: string | null;
  kind: 'pull' | 'push';
  counts: unknown;
  rejected: unknown;
  ms: number;
  last_pulled_at: number | null;
  timestamp: number | null;
  schema_version: number | null;
  error: string | null;
}

/**
 * A page of the sync log, newest first, with the cursor of the next page,
 * narrowed to a user, a device (its X-Device-Id) or a kind when given.
 * A super_admin reads all of it; an admin only the entries of users who
 * belong to one of their clinics now. Each entry names its user (a left
 * join on the primary key, so a page costs no more than its rows).
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
    `SELECT s.id, (extract(epoch from s.at) * 1000)::bigint AS at, s.user_id,
            u.name AS user_name, u.email AS user_email, s.device_id, s.kind, s.counts,
            s.rejected, s.ms, s.last_pulled_at, s."timestamp", s.schema_version, s.error
       FROM sync_log s LEFT JOIN users u ON u.id = s.user_id
      WHERE ($1::bigint IS NULL OR s.id < $1::bigint)
        AND ($3::text[] IS NULL OR s.user_id IN (
              SELECT user_id FROM clinic_memberships
               WHERE ended IS NULL AND clinic_id = ANY($3::text[])))
        AND ($4::text IS NULL OR s.user_id = $4::text)
        AND ($5::text IS NULL OR s.device_id = $5::text)
        AND ($6::text IS NULL OR s.kind = $6::text)
      ORDER BY s.id DESC LIMIT $2`,
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
    user_name: r.user_name,
    user_email: r.user_email,
    device: r.device_id,
    kind: r.kind,
    counts: r.counts,
    rejected: r.rejected,
    ms: r.ms,
    last_pulled_at: r.last_pulled_at,
    timestamp: r.timestamp,
    schema_version: r.schema_version,
    error: r.error,
  }));
  return { entries, next };
}

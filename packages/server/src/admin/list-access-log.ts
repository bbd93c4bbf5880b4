import type { AccessLogEntry, LogPageQuery } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import type { AdminReach } from './admin-reach.js';
import { toPage } from './to-page.js';

interface AccessLogRow {
  id: number;
  at: number;
  user_id: string;
  user_name: string | null;
  user_email: string | null;
  action: string;
  target: string;
}

/**
 * A page of the access log, newest first, with the cursor of the next page.
 * A super_admin reads all of it; an admin only the entries that reached one
 * of their clinics (a lookup that found nothing reached none). Each entry
 * names its user.
 *
 * @example
 * const { entries, next } = await listAccessLog(db, reach, { limit: 50, before: undefined });
 */
export async function listAccessLog(
  db: Queryable,
  reach: AdminReach,
  page: LogPageQuery,
): Promise<{ entries: AccessLogEntry[]; next: number | null }> {
  const rows = await db.query<AccessLogRow>(
    `SELECT a.id, (extract(epoch from a.at) * 1000)::bigint AS at, a.user_id,
            u.name AS user_name, u.email AS user_email, a.action, a.target
       FROM access_log a LEFT JOIN users u ON u.id = a.user_id
      WHERE ($1::bigint IS NULL OR a.id < $1::bigint)
        AND ($3::text[] IS NULL OR a.clinic_ids && $3::text[])
      ORDER BY a.id DESC LIMIT $2`,
    [page.before ?? null, page.limit + 1, reach.whole ? null : [...reach.clinics]],
  );
  const { items, next } = toPage(rows, page.limit);
  const entries = items.map((r) => ({
    id: r.id,
    at: r.at,
    user: r.user_id,
    user_name: r.user_name,
    user_email: r.user_email,
    action: r.action,
    target: r.target,
  }));
  return { entries, next };
}

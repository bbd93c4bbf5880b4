import type { Queryable } from '../db/database.js';
import type { ConflictEntry, LogPageQuery } from '@clinicsync/schema';
import type { AdminReach } from './admin-reach.js';
import { toPage } from './to-page.js';

interface ConflictRow {
  id: number;
  table_name: string;
  row_id: string;
  column_name: string | null;
  kind: 'column' | 'row_deleted' | 'refused';
  reason: string | null;
  clinic_id: string | null;
  applied_value: unknown;
  replaced_value: unknown;
  applied_by: string | null;
  applied_device: string | null;
  replaced_by: string | null;
  replaced_device: string | null;
  at: number;
}

/**
 * A page of the conflict log, newest first, with the cursor of the next
 * page. A super_admin reads all of it; an admin only the conflicts of
 * records of their clinics (never those without a clinic).
 *
 * @example
 * const { conflicts, next } = await listConflicts(db, reach, { limit: 50, before: undefined });
 */
export async function listConflicts(
  db: Queryable,
  reach: AdminReach,
  page: LogPageQuery,
): Promise<{ conflicts: ConflictEntry[]; next: number | null }> {
  const rows = await db.query<ConflictRow>(
    `SELECT id, table_name, row_id, column_name, kind, reason, clinic_id, applied_value,
            replaced_value, applied_by, applied_device, replaced_by, replaced_device,
            (extract(epoch from at) * 1000)::bigint AS at
       FROM conflicts
      WHERE ($1::bigint IS NULL OR id < $1::bigint)
        AND ($3::text[] IS NULL OR clinic_id = ANY($3::text[]))
      ORDER BY id DESC LIMIT $2`,
    [page.before ?? null, page.limit + 1, reach.whole ? null : [...reach.clinics]],
  );
  const { items, next } = toPage(rows, page.limit);
  const conflicts = items.map((r) => ({
    id: r.id,
    table: r.table_name,
    row_id: r.row_id,
    column: r.column_name,
    kind: r.kind,
    reason: r.reason,
    clinic_id: r.clinic_id,
    applied_value: r.applied_value,
    replaced_value: r.replaced_value,
    applied_by: { user: r.applied_by, device: r.applied_device },
    replaced_by: { user: r.replaced_by, device: r.replaced_device },
    at: r.at,
  }));
  return { conflicts, next };
}

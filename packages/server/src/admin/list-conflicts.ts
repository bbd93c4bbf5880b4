import type { Queryable } from '../db/database.js';
import type { ConflictEntry, ConflictsQuery } from '@clinicsync/schema';
import type { AdminReach } from './admin-reach.js';
import { toPage } from './to-page.js';

export interface ConflictRow {
  id: number;
  table_name: string;
  row_id: string;
  column_name: string | null;
  kind: 'column' | 'row_deleted' | 'refused';
  reason: string | null;
  clinic_id: string | null;
  clinic_name: string | null;
  applied_value: unknown;
  replaced_value: unknown;
  applied_by: string | null;
  applied_by_name: string | null;
  applied_device: string | null;
  replaced_by: string | null;
  replaced_by_name: string | null;
  replaced_device: string | null;
  at: number;
  resolved_by: string | null;
  resolved_at: number | null;
  resolved_action: 'keep' | 'restore' | null;
}

/**
 * The columns of a `ConflictRow`, times as epoch ms, from `conflicts` aliased
 * `c`. Names come from scalar subqueries, not joins, as `resolveConflict`
 * reads with `FOR UPDATE` (which an outer join's nullable side refuses) and
 * `RETURNING`.
 */
export const conflictColumns = `c.id, c.table_name, c.row_id, c.column_name, c.kind, c.reason,
  c.clinic_id, (SELECT name FROM clinics WHERE id = c.clinic_id) AS clinic_name,
  c.applied_value, c.replaced_value,
  c.applied_by, (SELECT name FROM users WHERE id = c.applied_by) AS applied_by_name,
  c.applied_device,
  c.replaced_by, (SELECT name FROM users WHERE id = c.replaced_by) AS replaced_by_name,
  c.replaced_device, (extract(epoch from c.at) * 1000)::bigint AS at, c.resolved_by,
  (extract(epoch from c.resolved_at) * 1000)::bigint AS resolved_at, c.resolved_action`;

/** A conflict as the administration calls answer it. */
export function toConflictEntry(r: ConflictRow): ConflictEntry {
  return {
    id: r.id,
    table: r.table_name,
    row_id: r.row_id,
    column: r.column_name,
    kind: r.kind,
    reason: r.reason,
    clinic_id: r.clinic_id,
    clinic_name: r.clinic_name,
    applied_value: r.applied_value,
    replaced_value: r.replaced_value,
    applied_by: { user: r.applied_by, name: r.applied_by_name, device: r.applied_device },
    replaced_by: { user: r.replaced_by, name: r.replaced_by_name, device: r.replaced_device },
    at: r.at,
    resolved:
      r.resolved_at === null || r.resolved_action === null
        ? null
        : { by: r.resolved_by, at: r.resolved_at, action: r.resolved_action },
  };
}

/**
 * A page of the conflict log, newest first, with the cursor of the next
 * page; `open: true` keeps the unresolved ones, `false` the resolved. A
 * super_admin reads all of it; an admin only the conflicts of records of
 * their clinics (never those without a clinic).
 *
 * @example
 * const { conflicts, next } = await listConflicts(db, reach, { limit: 50, before: undefined, open: true });
 */
export async function listConflicts(
  db: Queryable,
  reach: AdminReach,
  page: ConflictsQuery,
): Promise<{ conflicts: ConflictEntry[]; next: number | null }> {
  const rows = await db.query<ConflictRow>(
    `SELECT ${conflictColumns}
       FROM conflicts c
      WHERE ($1::bigint IS NULL OR c.id < $1::bigint)
        AND ($3::text[] IS NULL OR c.clinic_id = ANY($3::text[]))
        AND ($4::boolean IS NULL OR (c.resolved_at IS NULL) = $4::boolean)
      ORDER BY c.id DESC LIMIT $2`,
    [
      page.before ?? null,
      page.limit + 1,
      reach.whole ? null : [...reach.clinics],
      page.open ?? null,
    ],
  );
  const { items, next } = toPage(rows, page.limit);
  return { conflicts: items.map(toConflictEntry), next };
}

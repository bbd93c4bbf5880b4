import type { AdminUserDetail, UserListQuery } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import type { AdminReach } from './admin-reach.js';
import { readAdminUsers } from './read-admin-users.js';

/**
 * A page of the users `reach` may see, by email, with the cursor of the
 * next page (the last email of this one, null on the last page): every
 * user for a super_admin; for an admin, the users who belong to one of
 * their clinics now, never a super_admin.
 *
 * @example
 * const { users, next } = await listUsers(db, reach, { limit: 50, after: undefined });
 */
export async function listUsers(
  db: Queryable,
  reach: AdminReach,
  page: UserListQuery,
): Promise<{ users: AdminUserDetail[]; next: string | null }> {
  const rows = await db.query<{ id: string; email_key: string }>(
    `SELECT u.id, lower(u.email) AS email_key FROM users u
      WHERE NOT u._deleted AND ($1::text IS NULL OR lower(u.email) > lower($1::text))
        AND ($2::text[] IS NULL OR (u.role <> 'super_admin' AND EXISTS (
              SELECT 1 FROM clinic_memberships m
               WHERE m.user_id = u.id AND m.ended IS NULL AND m.clinic_id = ANY($2::text[]))))
      ORDER BY lower(u.email) LIMIT $3`,
    [page.after ?? null, reach.whole ? null : [...reach.clinics], page.limit + 1],
  );
  const items = rows.slice(0, page.limit);
  const next = rows.length > page.limit ? (items.at(-1)?.email_key ?? null) : null;
  return {
    users: await readAdminUsers(
      db,
      items.map((r) => r.id),
    ),
    next,
  };
}

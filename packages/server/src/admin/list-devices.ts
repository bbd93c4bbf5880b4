import type { DeviceEntry } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import type { AdminReach } from './admin-reach.js';

/**
 * Every device of the sync log (a user and the X-Device-Id it sends), by
 * user then device: its last pull and push, the schemaVersion of its last
 * pull, and how many records its last push had refused. Read from the
 * latest pull and push of each, which `sync_log_user_device_kind_idx`
 * serves; `userId` narrows it to one user. A super_admin sees every device;
 * an admin those of the users who belong to one of their clinics now.
 * Each names its user.
 *
 * @example
 * const devices = await listDevices(db, reach, userId);
 */
export async function listDevices(
  db: Queryable,
  reach: AdminReach,
  userId: string | undefined,
): Promise<DeviceEntry[]> {
  return db.query<DeviceEntry>(
    `WITH latest AS (
       SELECT DISTINCT ON (user_id, device_id, kind) user_id, device_id, kind, at, schema_version,
              CASE WHEN jsonb_typeof(rejected) = 'array' THEN jsonb_array_length(rejected) ELSE 0 END
                AS rejected
         FROM sync_log
        WHERE ($1::text IS NULL OR user_id = $1::text)
          AND ($2::text[] IS NULL OR user_id IN (
                SELECT user_id FROM clinic_memberships
                 WHERE ended IS NULL AND clinic_id = ANY($2::text[])))
        ORDER BY user_id, device_id, kind, id DESC)
     SELECT l.user_id AS "user", u.name AS user_name, u.email AS user_email,
            l.device_id AS device,
            (extract(epoch from max(l.at) FILTER (WHERE l.kind = 'pull')) * 1000)::bigint
              AS last_pull_at,
            (extract(epoch from max(l.at) FILTER (WHERE l.kind = 'push')) * 1000)::bigint
              AS last_push_at,
            max(l.schema_version) FILTER (WHERE l.kind = 'pull') AS schema_version,
            COALESCE(max(l.rejected) FILTER (WHERE l.kind = 'push'), 0)::int AS pending_rejections
       FROM latest l LEFT JOIN users u ON u.id = l.user_id
      GROUP BY l.user_id, u.name, u.email, l.device_id
      ORDER BY l.user_id, l.device_id NULLS FIRST`,
    [userId ?? null, reach.whole ? null : [...reach.clinics]],
  );
}

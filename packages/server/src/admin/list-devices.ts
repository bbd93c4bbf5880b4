import type { DeviceEntry } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import type { AdminReach } from './admin-reach.js';

/**
 * Every device of the sync log (a user and the X-Device-Id it sends), by
 * user then device: its last pull and push, the schemaVersion of its last
 * pull, how many records its last push had refused, and its latest refused or
 * failed sync when no sync of its kind went through since. Read from the
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
       SELECT DISTINCT ON (user_id, device_id, kind, error IS NULL) user_id, device_id, kind, at,
              schema_version, error,
              CASE WHEN jsonb_typeof(rejected) = 'array' THEN jsonb_array_length(rejected) ELSE 0 END
                AS rejected
         FROM sync_log
        WHERE ($1::text IS NULL OR user_id = $1::text)
          AND ($2::text[] IS NULL OR user_id IN (
                SELECT user_id FROM clinic_memberships
                 WHERE ended IS NULL AND clinic_id = ANY($2::text[])))
        ORDER BY user_id, device_id, kind, error IS NULL, id DESC),
     good AS (SELECT * FROM latest WHERE error IS NULL),
     failed AS (
       SELECT DISTINCT ON (user_id, device_id) user_id, device_id, kind, at, error
         FROM latest WHERE error IS NOT NULL
        ORDER BY user_id, device_id, at DESC)
     SELECT d.user_id AS "user", u.name AS user_name, u.email AS user_email,
            d.device_id AS device,
            (extract(epoch from max(g.at) FILTER (WHERE g.kind = 'pull')) * 1000)::bigint
              AS last_pull_at,
            (extract(epoch from max(g.at) FILTER (WHERE g.kind = 'push')) * 1000)::bigint
              AS last_push_at,
            max(g.schema_version) FILTER (WHERE g.kind = 'pull') AS schema_version,
            COALESCE(max(g.rejected) FILTER (WHERE g.kind = 'push'), 0)::int AS pending_rejections,
            CASE WHEN f.at > COALESCE(max(g.at) FILTER (WHERE g.kind = f.kind), '-infinity') THEN
              json_build_object('code', f.error, 'kind', f.kind,
                                'at', (extract(epoch from f.at) * 1000)::bigint)
            END AS last_error
       FROM (SELECT DISTINCT user_id, device_id FROM latest) d
       LEFT JOIN good g ON g.user_id IS NOT DISTINCT FROM d.user_id
                       AND g.device_id IS NOT DISTINCT FROM d.device_id
       LEFT JOIN failed f ON f.user_id IS NOT DISTINCT FROM d.user_id
                         AND f.device_id IS NOT DISTINCT FROM d.device_id
       LEFT JOIN users u ON u.id = d.user_id
      GROUP BY d.user_id, u.name, u.email, d.device_id, f.at, f.error, f.kind
      ORDER BY d.user_id, d.device_id NULLS FIRST`,
    [userId ?? null, reach.whole ? null : [...reach.clinics]],
  );
}

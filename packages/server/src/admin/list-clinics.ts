import type { ClinicSummary } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import type { AdminReach } from './admin-reach.js';

/**
 * The clinics `reach` administers, by name, each with the users who belong
 * to it now (open memberships) and the patients in it now (open
 * `patient_clinics` spans: the rule pull scope uses). One statement, whatever
 * the number of clinics: each count is one grouped scan joined on the clinic.
 *
 * @example
 * const clinics = await listClinics(db, reach); // [{id, name, users: 3, patients: 120, created_at}]
 */
export async function listClinics(db: Queryable, reach: AdminReach): Promise<ClinicSummary[]> {
  return db.query<ClinicSummary>(
    `SELECT c.id, c.name, (extract(epoch from c.created_at) * 1000)::bigint AS created_at,
            COALESCE(u.n, 0)::int AS users, COALESCE(p.n, 0)::int AS patients
       FROM clinics c
       LEFT JOIN (SELECT clinic_id, count(DISTINCT user_id) AS n FROM clinic_memberships
                   WHERE ended IS NULL GROUP BY clinic_id) u ON u.clinic_id = c.id
       LEFT JOIN (SELECT clinic_id, count(DISTINCT patient_id) AS n FROM patient_clinics
                   WHERE ended IS NULL GROUP BY clinic_id) p ON p.clinic_id = c.id
      WHERE NOT c._deleted AND ($1::text[] IS NULL OR c.id = ANY($1::text[]))
      ORDER BY c.name, c.id`,
    [reach.whole ? null : [...reach.clinics]],
  );
}

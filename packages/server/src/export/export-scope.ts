import type { AdminReach } from '../admin/admin-reach.js';
import type { Queryable } from '../db/database.js';
import { belongsToClinicsSql } from '../scope/clinic-patients.js';

/**
 * Whose records an export holds: the live patients of the administrator's
 * clinics (an admin) or of the whole organisation (a super_admin), and
 * every live record of their charts, visits at other clinics included, as
 * a pull sends a patient's whole chart (PROTOCOL.md, "Scope").
 */
export interface ExportScope {
  /** `$1` of every export query: the clinics, or null for the whole organisation. */
  readonly clinicsParam: readonly string[] | null;
  /** The clinics concerned, for the access log: the reach's, every clinic for a super_admin. */
  readonly clinicIds: readonly string[];
}

/**
 * The scope of an export by `reach`.
 *
 * @example
 * const scope = await exportScopeOf(db, await loadAdminReach(db, user));
 */
export async function exportScopeOf(db: Queryable, reach: AdminReach): Promise<ExportScope> {
  if (!reach.whole) {
    const clinics = [...reach.clinics].sort();
    return { clinicsParam: clinics, clinicIds: clinics };
  }
  const rows = await db.query<{ id: string }>('SELECT id FROM clinics ORDER BY id');
  return { clinicsParam: null, clinicIds: rows.map((r) => r.id) };
}

/**
 * SQL: the patient `p` is exported: live (neither deleted nor marked
 * `is_deleted` by a device, nor erased) and, unless `$1` is null, of one of
 * the clinics in `$1`.
 */
export function exportedPatientSql(p: string): string {
  return `NOT ${p}._deleted AND NOT ${p}.is_deleted
          AND NOT EXISTS (SELECT 1 FROM patient_erasures e WHERE e.patient_id = ${p}.id)
          AND ($1::text[] IS NULL OR ${belongsToClinicsSql(`${p}.id`, '$1')})`;
}

/** SQL: the record `t` (of a table under patients) is live and its patient exported. */
export function exportedRecordSql(t: string): string {
  return `NOT ${t}._deleted AND NOT ${t}.is_deleted
          AND EXISTS (SELECT 1 FROM patients p WHERE p.id = ${t}.patient_id AND ${exportedPatientSql('p')})`;
}

import { permissionFlags } from '@clinicsync/schema';
import type { PermissionFlag } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';

/** The whole organisation, as a membership: a super_admin's. */
export const wholeOrganisation = '*';

export type Flags = Readonly<Record<PermissionFlag, boolean>>;

const noFlags = Object.fromEntries(permissionFlags.map((f) => [f, false])) as Flags;
const allFlags = Object.fromEntries(permissionFlags.map((f) => [f, true])) as Flags;

/**
 * What a user may reach now: their clinics and their flags in each. One
 * module decides scope (docs/scope.md); pushes, lookups and administration
 * ask this, pulls ask the same spans at the pull's version.
 */
export interface UserScope {
  readonly userId: string;
  /** A super_admin: every clinic and patient, every flag. */
  readonly whole: boolean;
  /** The clinics the user belongs to now. */
  readonly clinics: ReadonlySet<string>;
  /** Administers their clinics (role admin) or everything (super_admin). */
  readonly administers: boolean;
  /** The flags the user holds for records of `clinicId`. */
  flagsIn(clinicId: string | null | undefined): Flags;
  /** Whether the user belongs to `clinicId`. */
  inClinic(clinicId: string | null | undefined): boolean;
}

interface MembershipRow {
  clinic_id: string;
  flags: Partial<Flags> | null;
}

/**
 * Loads a user's scope from their open membership spans and permission rows.
 * An `admin` holds every flag in their own clinics (they administer them);
 * a super_admin everywhere.
 */
export async function loadUserScope(
  db: Queryable,
  user: { readonly id: string; readonly role: string },
): Promise<UserScope> {
  const rows = await db.query<MembershipRow>(
    `SELECT m.clinic_id, (SELECT row_to_json(p) FROM (SELECT ${permissionFlags.join(', ')}) p) AS flags
       FROM clinic_memberships m
       LEFT JOIN user_clinic_permissions p
         ON p.user_id = m.user_id AND p.clinic_id = m.clinic_id AND NOT p._deleted
      WHERE m.user_id = $1 AND m.ended IS NULL`,
    [user.id],
  );
  const whole = rows.some((r) => r.clinic_id === wholeOrganisation);
  const administers = user.role === 'super_admin' || user.role === 'admin';
  const flags = new Map<string, Flags>();
  for (const row of rows) {
    if (row.clinic_id === wholeOrganisation) continue;
    const granted = administers ? allFlags : { ...noFlags, ...(row.flags ?? {}) };
    flags.set(row.clinic_id, granted);
  }
  return {
    userId: user.id,
    whole,
    administers,
    clinics: new Set(flags.keys()),
    flagsIn: (clinicId) => (whole ? allFlags : (flags.get(clinicId ?? '') ?? noFlags)),
    inClinic: (clinicId) => whole || flags.has(clinicId ?? ''),
  };
}

/**
 * Of `patientIds`, those in the user's scope now: linked to one of their
 * clinics by a live row, or followed. Patients that do not exist are not in it.
 */
export async function patientsInScope(
  db: Queryable,
  scope: UserScope,
  patientIds: readonly string[],
): Promise<Set<string>> {
  if (patientIds.length === 0) return new Set();
  const rows = scope.whole
    ? await db.query<{ id: string }>('SELECT id FROM patients WHERE id = ANY($1::text[])', [
        patientIds,
      ])
    : await db.query<{ id: string }>(
        `SELECT patient_id AS id FROM patient_clinics
          WHERE patient_id = ANY($1::text[]) AND clinic_id = ANY($2::text[]) AND ended IS NULL
         UNION
         SELECT patient_id FROM patient_follows
          WHERE patient_id = ANY($1::text[]) AND user_id = $3 AND ended IS NULL`,
        [patientIds, [...scope.clinics], scope.userId],
      );
  return new Set(rows.map((r) => r.id));
}

/** The clinics each of `patientIds` belongs to now (for the access log and admin filters). */
export async function clinicsOfPatients(
  db: Queryable,
  patientIds: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await db.query<{ patient_id: string; clinics: string[] }>(
    `SELECT patient_id, array_agg(DISTINCT clinic_id) AS clinics FROM patient_clinics
      WHERE patient_id = ANY($1::text[]) AND ended IS NULL GROUP BY patient_id`,
    [patientIds],
  );
  return new Map(rows.map((r) => [r.patient_id, r.clinics]));
}

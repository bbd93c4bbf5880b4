import type { Role } from '@clinicsync/schema';
import type { AuthUser } from '../auth/users.js';
import type { Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import { loadUserScope } from '../scope/user-scope.js';

/**
 * What an administrator may manage (PROTOCOL.md, "Administration"): a
 * `super_admin` the whole organisation, an `admin` only their own clinics.
 */
export interface AdminReach {
  readonly userId: string;
  readonly role: Role;
  /** A super_admin: every clinic, every user. */
  readonly whole: boolean;
  /** The clinics an admin administers: those they belong to now. */
  readonly clinics: ReadonlySet<string>;
}

/** A user as the reach rules see one: their role and every clinic they belong to. */
export interface ReachTarget {
  readonly id: string;
  readonly role: Role;
  readonly clinics: readonly string[];
}

/**
 * The reach of a signed-in administrator, from their open memberships.
 *
 * @example
 * const reach = await loadAdminReach(db, currentUser(request));
 */
export async function loadAdminReach(db: Queryable, user: AuthUser): Promise<AdminReach> {
  const scope = await loadUserScope(db, user);
  return {
    userId: user.id,
    role: user.role,
    whole: user.role === 'super_admin',
    clinics: scope.clinics,
  };
}

const rank: Readonly<Record<Role, number>> = {
  super_admin: 2,
  admin: 1,
  provider: 0,
  registrar: 0,
};

/** Why `reach` may not give a user `role`: only a super_admin grants super_admin. */
export function grantRefusal(reach: AdminReach, role: Role): string | undefined {
  if (rank[role] <= rank[reach.role]) return undefined;
  return `Only a super_admin may grant the ${role} role.`;
}

/** Why `reach` may not place a user in `clinicIds` (a home clinic, a permission row). */
export function clinicsRefusal(reach: AdminReach, clinicIds: Iterable<string>): string | undefined {
  if (reach.whole) return undefined;
  const outside = [...new Set(clinicIds)].filter((id) => !reach.clinics.has(id));
  if (outside.length === 0) return undefined;
  return `You administer only your own clinics; ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not among them.`;
}

/**
 * Why `reach` may not change `target` at all (name, role, password,
 * clinics, disable): an admin manages only users all of whose clinics are
 * theirs, never a super_admin.
 */
export function manageRefusal(reach: AdminReach, target: ReachTarget): string | undefined {
  if (reach.whole) return undefined;
  if (target.role === 'super_admin') return 'Only a super_admin may change a super_admin.';
  const outside = target.clinics.filter((id) => !reach.clinics.has(id));
  if (target.clinics.length > 0 && outside.length === 0) return undefined;
  return `User ${target.id} belongs to ${outside.length > 0 ? `clinic ${outside.join(', ')}` : 'no clinic'}, which you do not administer.`;
}

/**
 * Why `reach` may not see `target`: an admin sees the users who belong to
 * one of their clinics (as the sync log shows them), never a super_admin.
 */
export function seeRefusal(reach: AdminReach, target: ReachTarget): string | undefined {
  if (reach.whole) return undefined;
  if (target.role !== 'super_admin' && target.clinics.some((id) => reach.clinics.has(id))) {
    return undefined;
  }
  return `User ${target.id} belongs to none of the clinics you administer.`;
}

/**
 * Why `reach` may not do what concerns the whole organisation (create a
 * clinic, a registration form every device pulls): only a super_admin may.
 */
export function organisationRefusal(reach: AdminReach, what: string): string | undefined {
  return reach.whole ? undefined : `Only a super_admin may ${what}.`;
}

/**
 * Why `reach` may not create an event form for `clinicIds` (empty: every
 * clinic): an admin makes forms for their own clinics only.
 */
export function formClinicsRefusal(
  reach: AdminReach,
  clinicIds: readonly string[],
): string | undefined {
  if (clinicIds.length === 0) {
    return organisationRefusal(reach, 'create a form for every clinic (clinic_ids: [])');
  }
  return clinicsRefusal(reach, clinicIds);
}

/** Throws 403 `forbidden` with `refusal` as its message, when there is one. */
export function requireReach(refusal: string | undefined): void {
  if (refusal !== undefined) throw new AppError('forbidden', refusal);
}

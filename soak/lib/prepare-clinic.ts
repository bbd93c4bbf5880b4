import { allPermissions } from '@clinicsync/testing/server';
import { createClinic, createUser } from '@clinicsync/server';
import { withCliDatabase } from '@clinicsync/cli';
import type { StorageFlags } from '@clinicsync/cli';

export interface SoakUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  /** The user's home clinic: always one of theirs. */
  readonly clinicId: string;
}

export interface SoakOrganisation {
  readonly clinicIds: readonly string[];
  /** Clinicians allowed everything in their home clinic, spread over the clinics in turn. */
  readonly providers: readonly SoakUser[];
  /** A super administrator: changes memberships, and audits the whole organisation. */
  readonly admin: SoakUser;
}

/**
 * `clinics` clinics and `providers` clinicians, the n-th at clinic n mod
 * `clinics` (so users of different clinics share the run), and a super
 * administrator to change memberships and audit with.
 */
export async function prepareClinics(
  flags: StorageFlags,
  clinics: number,
  providers: number,
): Promise<SoakOrganisation> {
  return withCliDatabase(flags, async (db) => {
    const clinicIds: string[] = [];
    for (let n = 1; n <= clinics; n++) {
      clinicIds.push((await createClinic(db, `Soak clinic ${n}`, null)).id);
    }
    const add = async (
      n: number,
      role: 'provider' | 'super_admin',
      clinicId: string,
    ): Promise<SoakUser> => {
      const email = `${role.replace('_', '-')}${n}@soak.clinicsync.local`;
      const password = `soak-${role}-${n}-password`;
      const user = await createUser(
        db,
        { email, password, name: `Soak ${role} ${n}`, role, clinicId, permissions: allPermissions },
        null,
      );
      return { id: user.id, email, password, clinicId };
    };
    const users: SoakUser[] = [];
    for (let n = 0; n < providers; n++) {
      users.push(await add(n + 1, 'provider', clinicIds[n % clinics]!));
    }
    return { clinicIds, providers: users, admin: await add(0, 'super_admin', clinicIds[0]!) };
  });
}

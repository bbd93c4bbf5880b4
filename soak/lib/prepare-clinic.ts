import { allPermissions } from '@clinicsync/testing/server';
import { createClinic, createUser } from '@clinicsync/server';
import { withCliDatabase } from '@clinicsync/cli';
import type { StorageFlags } from '@clinicsync/cli';

export interface SoakUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
}

/** A clinic with `providers` clinicians allowed everything, and an administrator to audit with. */
export async function prepareClinic(
  flags: StorageFlags,
  providers: number,
): Promise<{ clinicId: string; providers: SoakUser[]; admin: SoakUser }> {
  return withCliDatabase(flags, async (db) => {
    const clinic = await createClinic(db, 'Soak clinic', null);
    const add = async (n: number, role: 'provider' | 'admin'): Promise<SoakUser> => {
      const email = `${role}${n}@soak.clinicsync.local`;
      const password = `soak-${role}-${n}-password`;
      const user = await createUser(
        db,
        {
          email,
          password,
          name: `Soak ${role} ${n}`,
          role,
          clinicId: clinic.id,
          permissions: allPermissions,
        },
        null,
      );
      return { id: user.id, email, password };
    };
    const users: SoakUser[] = [];
    for (let n = 1; n <= providers; n++) users.push(await add(n, 'provider'));
    return { clinicId: clinic.id, providers: users, admin: await add(0, 'admin') };
  });
}

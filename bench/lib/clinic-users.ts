// Staff of an organisation for load: providers created over the
// administration API, each a member of one seeded clinic only, so each
// one's devices pull that clinic's share as a real clinic's devices do.
import { createUser, providerPermissions } from './admin-api.js';
import { seed } from './data-sets.js';

export interface ClinicUser {
  readonly email: string;
  readonly password: string;
  readonly clinicId: string;
}

/** The id `clinicsync seed` gives its clinic `n` (1-based). */
export function seededClinicId(n: number): string {
  return `s${seed}-c${n}`;
}

/**
 * `count` providers spread round-robin over the seeded clinics 1..`clinics`.
 * Created a few at a time: each creation hashes a password (argon2), and the
 * server has two cores.
 */
export async function createClinicUsers(
  serverUrl: string,
  adminToken: string,
  count: number,
  clinics: number,
  prefix = 'org',
): Promise<ClinicUser[]> {
  const users = Array.from({ length: count }, (_, i) => ({
    email: `${prefix}.u${i + 1}@bench.clinicsync.local`,
    password: `bench-password-${i + 1}`,
    clinicId: seededClinicId((i % clinics) + 1),
  }));
  const atOnce = 4;
  for (let i = 0; i < users.length; i += atOnce) {
    await Promise.all(
      users.slice(i, i + atOnce).map((user, j) =>
        createUser(serverUrl, adminToken, {
          email: user.email,
          password: user.password,
          name: `Bench Provider ${i + j + 1}`,
          role: 'provider',
          clinic_id: user.clinicId,
          permissions: providerPermissions,
        }),
      ),
    );
  }
  return users;
}

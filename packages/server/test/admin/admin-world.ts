import type { Permissions, Role } from '@clinicsync/schema';
import type { TestServer } from '@clinicsync/testing/server';
import { expect } from 'vitest';
import { createClinic } from '../../src/admin/create-user.js';
import { basicAuth, call, signIn } from './admin-calls.js';

export interface WorldUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly role: Role;
  /** `Basic …`, for pulls and pushes. */
  readonly basic: string;
}

export interface UserPlan {
  /** Flags in the home clinic. */
  readonly permissions?: Permissions;
  /** Further clinics, each with its flags. */
  readonly also?: Readonly<Record<string, Permissions>>;
}

/**
 * Clinics A (the test server's), A2 and B, and users made through the
 * administration API as the super administrator.
 */
export interface World {
  readonly superAuth: string;
  readonly clinicA: string;
  readonly clinicA2: string;
  readonly clinicB: string;
  user(role: Role, home: string, plan?: UserPlan): Promise<WorldUser>;
  /** `Bearer …` for the user, from a real sign-in. */
  bearer(user: WorldUser): Promise<string>;
}

let worldCount = 0;

export async function buildWorld(server: TestServer): Promise<World> {
  const superAuth = await signIn(server.app, server.admin.email, server.admin.password);
  const clinicA2 = (await createClinic(server.database.db, 'Clinic A2', null)).id;
  const clinicB = (await createClinic(server.database.db, 'Clinic B', null)).id;
  const world = ++worldCount;
  let count = 0;
  return {
    superAuth,
    clinicA: server.clinicId,
    clinicA2,
    clinicB,
    async user(role, home, plan = {}) {
      const n = ++count;
      const email = `w${world}-${n}.${role}@world.test`;
      const password = `world secret phrase ${n}`;
      const created = await call(server.app, 'POST', '/api/admin/users', {
        auth: superAuth,
        payload: {
          email,
          password,
          name: `${role} ${n}`,
          role,
          clinic_id: home,
          ...(plan.permissions ? { permissions: plan.permissions } : {}),
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json<{ id: string }>().id;
      for (const [clinicId, permissions] of Object.entries(plan.also ?? {})) {
        const added = await call(server.app, 'PUT', `/api/admin/users/${id}/clinics/${clinicId}`, {
          auth: superAuth,
          payload: { permissions },
        });
        expect(added.statusCode, added.body).toBe(200);
      }
      return { id, email, password, role, basic: basicAuth(email, password) };
    },
    bearer: (user) => signIn(server.app, user.email, user.password),
  };
}

import { allPermissions, snapshotDatabase, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, expectError } from './admin-calls.js';
import { buildWorld } from './admin-world.js';
import type { World } from './admin-world.js';

/**
 * Every administration call by every kind of user (PROTOCOL.md,
 * "Administration"): a super_admin reaches everything, an admin of A only
 * users whose clinics are all theirs (A and A2), providers and registrars
 * nothing. A refused call answers 403 and changes nothing at all.
 */

let server: TestServer;
let world: World;
const actorAuth = new Map<Actor, string>();

const actors = ['super_admin', 'admin of A', 'provider', 'registrar'] as const;
type Actor = (typeof actors)[number];

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server);
  const adminA = await world.user('admin', world.clinicA, { also: { [world.clinicA2]: {} } });
  const provider = await world.user('provider', world.clinicA, { permissions: allPermissions });
  const registrar = await world.user('registrar', world.clinicA, {
    permissions: { can_register_patients: true },
  });
  actorAuth.set('super_admin', world.superAuth);
  actorAuth.set('admin of A', await world.bearer(adminA));
  actorAuth.set('provider', await world.bearer(provider));
  actorAuth.set('registrar', await world.bearer(registrar));
});
afterAll(() => server.close());

interface Request {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly payload?: unknown;
}

interface Case {
  readonly call: string;
  /** Makes what the call needs (as the super_admin) and returns the call. */
  prepare(): Promise<Request>;
  /** The status for the super_admin and for the admin of A; the others always get 403. */
  readonly superAdmin: number;
  readonly adminOfA: number;
}

let emailCount = 0;
const newUser = (role: string, clinicId: string) => ({
  email: `matrix${++emailCount}@world.test`,
  password: 'matrix secret phrase',
  name: `Matrix ${emailCount}`,
  role,
  clinic_id: clinicId,
});

const eventForm = (clinicIds: string[]) => ({
  name: 'Vitals',
  form_fields: [{ id: 'f1', name: 'Pulse', fieldType: 'free-text', inputType: 'number' }],
  clinic_ids: clinicIds,
});

const cases: readonly Case[] = [
  {
    call: 'create a provider in A',
    prepare: async () => ({
      method: 'POST',
      url: '/api/admin/users',
      payload: newUser('provider', world.clinicA),
    }),
    superAdmin: 201,
    adminOfA: 201,
  },
  {
    call: 'create an admin in A',
    prepare: async () => ({
      method: 'POST',
      url: '/api/admin/users',
      payload: newUser('admin', world.clinicA),
    }),
    superAdmin: 201,
    adminOfA: 201,
  },
  {
    call: 'create a provider in B',
    prepare: async () => ({
      method: 'POST',
      url: '/api/admin/users',
      payload: newUser('provider', world.clinicB),
    }),
    superAdmin: 201,
    adminOfA: 403,
  },
  {
    call: 'create an admin in B',
    prepare: async () => ({
      method: 'POST',
      url: '/api/admin/users',
      payload: newUser('admin', world.clinicB),
    }),
    superAdmin: 201,
    adminOfA: 403,
  },
  {
    call: 'create a super_admin',
    prepare: async () => ({
      method: 'POST',
      url: '/api/admin/users',
      payload: newUser('super_admin', world.clinicA),
    }),
    superAdmin: 201,
    adminOfA: 403,
  },
  {
    call: 'grant super_admin to a provider of A',
    prepare: async () => {
      const target = await world.user('provider', world.clinicA);
      return {
        method: 'PATCH',
        url: `/api/admin/users/${target.id}`,
        payload: { role: 'super_admin' },
      };
    },
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'make a provider of A an admin',
    prepare: async () => {
      const target = await world.user('provider', world.clinicA);
      return { method: 'PATCH', url: `/api/admin/users/${target.id}`, payload: { role: 'admin' } };
    },
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: "reset a super_admin's password",
    prepare: async () => {
      const target = await world.user('super_admin', '');
      return {
        method: 'PATCH',
        url: `/api/admin/users/${target.id}`,
        payload: { password: 'taken over, for good' },
      };
    },
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'reset the password of a super_admin whose home clinic is A',
    prepare: async () => {
      const target = await world.user('super_admin', world.clinicA);
      return {
        method: 'PATCH',
        url: `/api/admin/users/${target.id}`,
        payload: { password: 'taken over, for good' },
      };
    },
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'disable another super_admin',
    prepare: async () => {
      const target = await world.user('super_admin', '');
      return { method: 'PATCH', url: `/api/admin/users/${target.id}`, payload: { disabled: true } };
    },
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'disable an admin of B',
    prepare: async () => {
      const target = await world.user('admin', world.clinicB);
      return { method: 'PATCH', url: `/api/admin/users/${target.id}`, payload: { disabled: true } };
    },
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'disable a provider of A',
    prepare: async () => {
      const target = await world.user('provider', world.clinicA);
      return { method: 'PATCH', url: `/api/admin/users/${target.id}`, payload: { disabled: true } };
    },
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'rename a provider of A who also works in B',
    prepare: async () => {
      const target = await world.user('provider', world.clinicA, {
        also: { [world.clinicB]: {} },
      });
      return { method: 'PATCH', url: `/api/admin/users/${target.id}`, payload: { name: 'X' } };
    },
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: "move a provider of A's home clinic to B",
    prepare: async () => {
      const target = await world.user('provider', world.clinicA);
      return {
        method: 'PATCH',
        url: `/api/admin/users/${target.id}`,
        payload: { clinic_id: world.clinicB },
      };
    },
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: "move a provider of A's home clinic to A2",
    prepare: async () => {
      const target = await world.user('provider', world.clinicA);
      return {
        method: 'PATCH',
        url: `/api/admin/users/${target.id}`,
        payload: { clinic_id: world.clinicA2, permissions: { can_view_history: true } },
      };
    },
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'PUT a provider of A into A2',
    prepare: async () => {
      const target = await world.user('provider', world.clinicA);
      return {
        method: 'PUT',
        url: `/api/admin/users/${target.id}/clinics/${world.clinicA2}`,
        payload: { permissions: { can_view_history: true } },
      };
    },
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'PUT a provider of A into B',
    prepare: async () => {
      const target = await world.user('provider', world.clinicA);
      return {
        method: 'PUT',
        url: `/api/admin/users/${target.id}/clinics/${world.clinicB}`,
        payload: { permissions: { can_view_history: true } },
      };
    },
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'PUT a provider of B into A',
    prepare: async () => {
      const target = await world.user('provider', world.clinicB);
      return {
        method: 'PUT',
        url: `/api/admin/users/${target.id}/clinics/${world.clinicA}`,
        payload: { permissions: {} },
      };
    },
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'DELETE the A2 membership of a provider of A',
    prepare: async () => {
      const target = await world.user('provider', world.clinicA, {
        also: { [world.clinicA2]: {} },
      });
      return { method: 'DELETE', url: `/api/admin/users/${target.id}/clinics/${world.clinicA2}` };
    },
    superAdmin: 204,
    adminOfA: 204,
  },
  {
    call: 'DELETE the B membership of a provider of A',
    prepare: async () => {
      const target = await world.user('provider', world.clinicA, {
        also: { [world.clinicB]: {} },
      });
      return { method: 'DELETE', url: `/api/admin/users/${target.id}/clinics/${world.clinicB}` };
    },
    superAdmin: 204,
    adminOfA: 403,
  },
  {
    call: 'GET a provider of A',
    prepare: async () => {
      const target = await world.user('provider', world.clinicA);
      return { method: 'GET', url: `/api/admin/users/${target.id}` };
    },
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'GET a provider of B',
    prepare: async () => {
      const target = await world.user('provider', world.clinicB);
      return { method: 'GET', url: `/api/admin/users/${target.id}` };
    },
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'GET the super_admin',
    prepare: async () => ({ method: 'GET', url: `/api/admin/users/${server.admin.id}` }),
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'list users',
    prepare: async () => ({ method: 'GET', url: '/api/admin/users' }),
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'read the conflict log',
    prepare: async () => ({ method: 'GET', url: '/api/admin/conflicts' }),
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'read the sync log',
    prepare: async () => ({ method: 'GET', url: '/api/admin/sync-log' }),
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'read the access log',
    prepare: async () => ({ method: 'GET', url: '/api/admin/access-log' }),
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'create a clinic',
    prepare: async () => ({ method: 'POST', url: '/api/admin/clinics', payload: { name: 'C' } }),
    superAdmin: 201,
    adminOfA: 403,
  },
  {
    call: 'create an event form for A',
    prepare: async () => ({
      method: 'POST',
      url: '/api/admin/event-forms',
      payload: eventForm([world.clinicA]),
    }),
    superAdmin: 201,
    adminOfA: 201,
  },
  {
    call: 'create an event form for A and B',
    prepare: async () => ({
      method: 'POST',
      url: '/api/admin/event-forms',
      payload: eventForm([world.clinicA, world.clinicB]),
    }),
    superAdmin: 201,
    adminOfA: 403,
  },
  {
    call: 'create an event form for every clinic',
    prepare: async () => ({
      method: 'POST',
      url: '/api/admin/event-forms',
      payload: eventForm([]),
    }),
    superAdmin: 201,
    adminOfA: 403,
  },
  {
    call: 'create a registration form',
    prepare: async () => ({
      method: 'POST',
      url: '/api/admin/registration-forms',
      payload: { name: 'Registration', fields: [] },
    }),
    superAdmin: 201,
    adminOfA: 403,
  },
  {
    call: 'list clinics',
    prepare: async () => ({ method: 'GET', url: '/api/admin/clinics' }),
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'rename clinic A2',
    prepare: async () => ({
      method: 'PATCH',
      url: `/api/admin/clinics/${world.clinicA2}`,
      payload: { name: 'Clinic A2' },
    }),
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'rename clinic B',
    prepare: async () => ({
      method: 'PATCH',
      url: `/api/admin/clinics/${world.clinicB}`,
      payload: { name: 'Clinic B' },
    }),
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'resolve a conflict of A',
    prepare: async () => ({
      method: 'POST',
      url: `/api/admin/conflicts/${await logConflict(world.clinicA)}/resolve`,
      payload: { action: 'keep' },
    }),
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'resolve a conflict of B',
    prepare: async () => ({
      method: 'POST',
      url: `/api/admin/conflicts/${await logConflict(world.clinicB)}/resolve`,
      payload: { action: 'keep' },
    }),
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'list devices',
    prepare: async () => ({ method: 'GET', url: '/api/admin/devices' }),
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: "list a provider of B's devices",
    prepare: async () => {
      const target = await world.user('provider', world.clinicB);
      return { method: 'GET', url: `/api/admin/devices?user_id=${target.id}` };
    },
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'list event forms',
    prepare: async () => ({ method: 'GET', url: '/api/admin/event-forms' }),
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'list registration forms',
    prepare: async () => ({ method: 'GET', url: '/api/admin/registration-forms' }),
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'change an event form of A',
    prepare: async () => ({
      method: 'PATCH',
      url: `/api/admin/event-forms/${await formOf('event-forms', [world.clinicA])}`,
      payload: { name: 'Renamed' },
    }),
    superAdmin: 200,
    adminOfA: 200,
  },
  {
    call: 'change an event form of B',
    prepare: async () => ({
      method: 'PATCH',
      url: `/api/admin/event-forms/${await formOf('event-forms', [world.clinicB])}`,
      payload: { name: 'Renamed' },
    }),
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'delete an event form of A',
    prepare: async () => ({
      method: 'DELETE',
      url: `/api/admin/event-forms/${await formOf('event-forms', [world.clinicA])}`,
    }),
    superAdmin: 204,
    adminOfA: 204,
  },
  {
    call: 'delete an event form for every clinic',
    prepare: async () => ({
      method: 'DELETE',
      url: `/api/admin/event-forms/${await formOf('event-forms', [])}`,
    }),
    superAdmin: 204,
    adminOfA: 403,
  },
  {
    call: 'change a registration form',
    prepare: async () => ({
      method: 'PATCH',
      url: `/api/admin/registration-forms/${await formOf('registration-forms', [])}`,
      payload: { name: 'Renamed' },
    }),
    superAdmin: 200,
    adminOfA: 403,
  },
  {
    call: 'delete a registration form',
    prepare: async () => ({
      method: 'DELETE',
      url: `/api/admin/registration-forms/${await formOf('registration-forms', [])}`,
    }),
    superAdmin: 204,
    adminOfA: 403,
  },
];

/** A new form made by the super_admin (an event form for `clinicIds`); returns its id. */
async function formOf(
  kind: 'event-forms' | 'registration-forms',
  clinicIds: string[],
): Promise<string> {
  const created = await call(server.app, 'POST', `/api/admin/${kind}`, {
    auth: world.superAuth,
    payload: kind === 'event-forms' ? eventForm(clinicIds) : { name: 'Registration', fields: [] },
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: string }>().id;
}

/** A conflict of a record of `clinicId` in the log; returns its id. */
async function logConflict(clinicId: string): Promise<number> {
  const [row] = await server.database.db.query<{ id: number }>(
    `INSERT INTO conflicts (table_name, row_id, column_name, kind, applied_value, replaced_value, clinic_id)
     VALUES ('patients', 'matrix-patient', 'hometown', 'column', '"new"', '"old"', $1) RETURNING id`,
    [clinicId],
  );
  return row!.id;
}

function expectedStatus(actor: Actor, c: Case): number {
  if (actor === 'super_admin') return c.superAdmin;
  if (actor === 'admin of A') return c.adminOfA;
  return 403;
}

describe.each(actors)('%s', (actor) => {
  test.each(cases.map((c) => [c.call, c] as const))('%s', async (_name, c) => {
    const request = await c.prepare();
    const before = await snapshotDatabase(server.database.db);
    const response = await call(server.app, request.method, request.url, {
      auth: actorAuth.get(actor)!,
      payload: request.payload,
    });
    const expected = expectedStatus(actor, c);
    expect(response.statusCode, response.body).toBe(expected);
    if (expected === 403) {
      expect(expectError(response, 403, 'forbidden').message.length).toBeGreaterThan(10);
      expect(await snapshotDatabase(server.database.db)).toEqual(before);
    }
  });
});

describe('an admin of A cannot take over the organisation (issue 12)', () => {
  test("the super administrator's password, another super_admin's account and clinic B's admins stay as they were", async () => {
    const adminAuth = actorAuth.get('admin of A')!;
    const otherSuper = await world.user('super_admin', '');
    const otherSuperAuth = await world.bearer(otherSuper);

    const reset = await call(server.app, 'PATCH', `/api/admin/users/${server.admin.id}`, {
      auth: adminAuth,
      payload: { password: 'mine now, thanks' },
    });
    expectError(reset, 403, 'forbidden');
    const disable = await call(server.app, 'PATCH', `/api/admin/users/${otherSuper.id}`, {
      auth: adminAuth,
      payload: { disabled: true },
    });
    expectError(disable, 403, 'forbidden');
    const planted = newUser('admin', world.clinicB);
    expectError(
      await call(server.app, 'POST', '/api/admin/users', { auth: adminAuth, payload: planted }),
      403,
      'forbidden',
    );

    const signIn = (email: string, password: string) =>
      call(server.app, 'POST', '/api/auth/sign-in', { payload: { email, password } });
    expect((await signIn(server.admin.email, 'mine now, thanks')).statusCode).toBe(401);
    expect((await signIn(server.admin.email, server.admin.password)).statusCode).toBe(200);
    expect((await signIn(planted.email, planted.password)).statusCode).toBe(401);
    // Neither super administrator's tokens were revoked.
    for (const auth of [world.superAuth, otherSuperAuth]) {
      const me = await call(server.app, 'GET', '/api/auth/me', { auth });
      expect(me.json()).toMatchObject({ role: 'super_admin' });
    }
  });
});

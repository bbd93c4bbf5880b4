import { permissionFlags } from '@clinicsync/schema';
import type { AnyWireRow, PermissionFlag } from '@clinicsync/schema';
import { pull, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { permissionRowId } from '../../src/admin/create-user.js';
import { call, expectError, issuePaths } from './admin-calls.js';
import { buildWorld } from './admin-world.js';
import type { World, WorldUser } from './admin-world.js';

let server: TestServer;
let world: World;
let adminOfA: string;

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server);
  const admin = await world.user('admin', world.clinicA, { also: { [world.clinicA2]: {} } });
  adminOfA = await world.bearer(admin);
});
afterAll(() => server.close());

/** Every flag false but those named. */
function flags(...set: PermissionFlag[]): Record<PermissionFlag, boolean> {
  return Object.fromEntries(permissionFlags.map((f) => [f, set.includes(f)])) as Record<
    PermissionFlag,
    boolean
  >;
}

const getUser = (id: string, auth = world.superAuth) =>
  call(server.app, 'GET', `/api/admin/users/${id}`, { auth });
const putClinic = (id: string, clinicId: string, payload: unknown, auth = world.superAuth) =>
  call(server.app, 'PUT', `/api/admin/users/${id}/clinics/${clinicId}`, { auth, payload });
const deleteClinic = (id: string, clinicId: string, auth = world.superAuth) =>
  call(server.app, 'DELETE', `/api/admin/users/${id}/clinics/${clinicId}`, { auth });

async function openMemberships(userId: string): Promise<string[]> {
  const rows = await server.database.db.query<{ clinic_id: string }>(
    'SELECT clinic_id FROM clinic_memberships WHERE user_id = $1 AND ended IS NULL ORDER BY clinic_id',
    [userId],
  );
  return rows.map((r) => r.clinic_id);
}

/** The user's own permission rows as their device holds them after pulling from `since`. */
async function pulledPermissions(user: WorldUser, since: number) {
  const pulled = await pull(server.app, { auth: user.basic, deviceId: `${user.id}-phone` }, since);
  const changes = pulled.changes.user_clinic_permissions;
  return {
    timestamp: pulled.timestamp,
    live: [...(changes?.created ?? []), ...(changes?.updated ?? [])] as AnyWireRow[],
    deleted: changes?.deleted ?? [],
  };
}

describe('GET /api/admin/users/:id', () => {
  test('lists the home clinic first, with all flags false when it has no permission row', async () => {
    const user = await world.user('registrar', world.clinicA);
    const response = await getUser(user.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      id: user.id,
      email: user.email,
      name: expect.any(String),
      role: 'registrar',
      clinic_id: world.clinicA,
      disabled: false,
      clinics: [{ clinic_id: world.clinicA, permissions: flags() }],
    });
    expectError(await getUser('nobody'), 404, 'not_found');
  });
});

describe('PUT and DELETE /api/admin/users/:id/clinics/:clinic_id', () => {
  test('a round trip shows in GET, in the memberships and in the user’s own pull', async () => {
    const user = await world.user('provider', world.clinicA, {
      permissions: { can_view_history: true },
    });
    const first = await pulledPermissions(user, 0);
    expect(first.live.map((r) => r['clinic_id'])).toEqual([world.clinicA]);

    const added = await putClinic(
      user.id,
      world.clinicA2,
      { permissions: { can_edit_records: true } },
      adminOfA,
    );
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({
      id: user.id,
      clinics: [
        { clinic_id: world.clinicA, permissions: flags('can_view_history') },
        { clinic_id: world.clinicA2, permissions: flags('can_edit_records') },
      ],
    });
    expect((await getUser(user.id, adminOfA)).json()).toEqual(added.json());
    expect(await openMemberships(user.id)).toEqual([world.clinicA, world.clinicA2].sort());
    const second = await pulledPermissions(user, first.timestamp);
    expect(second.live).toEqual([
      expect.objectContaining({
        id: permissionRowId(user.id, world.clinicA2),
        clinic_id: world.clinicA2,
        can_edit_records: true,
        can_view_history: false,
      }),
    ]);

    // PUT sets the whole row: flags left out become false.
    const changed = await putClinic(user.id, world.clinicA2, {
      permissions: { can_view_history: true },
    });
    expect(changed.json<{ clinics: unknown[] }>().clinics[1]).toEqual({
      clinic_id: world.clinicA2,
      permissions: flags('can_view_history'),
    });

    const removed = await deleteClinic(user.id, world.clinicA2, adminOfA);
    expect(removed.statusCode, removed.body).toBe(204);
    expect(removed.body).toBe('');
    expect((await getUser(user.id)).json()).toMatchObject({
      clinics: [{ clinic_id: world.clinicA, permissions: flags('can_view_history') }],
    });
    expect(await openMemberships(user.id)).toEqual([world.clinicA]);
    const third = await pulledPermissions(user, second.timestamp);
    const fourth = await pulledPermissions(user, third.timestamp);
    expect([...third.deleted, ...fourth.deleted]).toContain(
      permissionRowId(user.id, world.clinicA2),
    );

    expectError(await deleteClinic(user.id, world.clinicA2), 404, 'not_found');
    const home = expectError(await deleteClinic(user.id, world.clinicA), 409, 'conflict');
    expect(home.message).toContain('home clinic');

    // Added again: a new row, since the deleted one stays deleted.
    const again = await putClinic(user.id, world.clinicA2, { permissions: {} });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<{ clinics: unknown[] }>().clinics).toHaveLength(2);
    expect(await openMemberships(user.id)).toEqual([world.clinicA, world.clinicA2].sort());
    const fifth = await pulledPermissions(user, fourth.timestamp);
    expect(fifth.live).toEqual([
      expect.objectContaining({ id: permissionRowId(user.id, world.clinicA2, 1) }),
    ]);
  });

  test('unknown user or clinic is 404; a bad body is 400; nothing is written', async () => {
    const user = await world.user('provider', world.clinicA);
    const counter = () =>
      server.database.db.query<{ value: number }>('SELECT value FROM sync_counter');
    const before = await counter();
    expectError(await putClinic('nobody', world.clinicA2, { permissions: {} }), 404, 'not_found');
    expectError(await putClinic(user.id, 'no-such-clinic', { permissions: {} }), 404, 'not_found');
    expectError(await deleteClinic('nobody', world.clinicA2), 404, 'not_found');
    expect(issuePaths(await putClinic(user.id, world.clinicA2, {}))).toEqual(['permissions']);
    expect(
      issuePaths(await putClinic(user.id, world.clinicA2, { permissions: { can_fly: true } })),
    ).toEqual(['permissions']);
    expect(await counter()).toEqual(before);
  });
});

describe('GET /api/admin/users', () => {
  test('pages by email; an admin sees only the users of their clinics, never a super_admin', async () => {
    const inA = await world.user('provider', world.clinicA);
    const inA2 = await world.user('provider', world.clinicB, { also: { [world.clinicA2]: {} } });
    const inB = await world.user('provider', world.clinicB);
    const boss = await world.user('super_admin', world.clinicA);

    const readAll = async (auth: string) => {
      const emails: string[] = [];
      let after: string | null = null;
      do {
        const query: string = after ? `&after=${encodeURIComponent(after)}` : '';
        const response = await call(server.app, 'GET', `/api/admin/users?limit=2${query}`, {
          auth,
        });
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json<{ users: { email: string }[]; next: string | null }>();
        expect(page.users.length).toBeLessThanOrEqual(2);
        emails.push(...page.users.map((u) => u.email));
        after = page.next;
      } while (after !== null);
      return emails;
    };

    const all = await readAll(world.superAuth);
    const live = await server.database.db.query<{ email: string }>(
      'SELECT email FROM users WHERE NOT _deleted ORDER BY lower(email)',
    );
    expect(all).toEqual(live.map((u) => u.email));

    const seenByAdmin = await readAll(adminOfA);
    expect(seenByAdmin).toEqual(expect.arrayContaining([inA.email, inA2.email]));
    expect(seenByAdmin).not.toContain(inB.email);
    expect(seenByAdmin).not.toContain(boss.email);
    expect(seenByAdmin).not.toContain(server.admin.email);

    const page = await call(server.app, 'GET', '/api/admin/users?limit=500', { auth: adminOfA });
    const listed = page.json<{ users: { id: string }[] }>().users.find((u) => u.id === inA2.id);
    expect(listed).toEqual((await getUser(inA2.id, adminOfA)).json());
  });
});

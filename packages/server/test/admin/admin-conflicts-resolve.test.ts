import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { createWatermelonDevice } from '@clinicsync/testing/watermelon';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, expectError } from './admin-calls.js';
import { buildWorld } from './admin-world.js';
import type { World, WorldUser } from './admin-world.js';

/**
 * `POST /api/admin/conflicts/:id/resolve`: `keep` marks a conflict
 * reviewed; `restore` writes the replaced value back as a new change every
 * device pulls, unless the row was deleted or changed again since.
 */

let server: TestServer;
let world: World;
let adminA: WorldUser;
let adminOfA: string;
let adminOfB: string;
let alice: WorldUser;
let bob: WorldUser;

interface Conflict {
  id: number;
  row_id: string;
  column: string | null;
  applied_value: unknown;
  replaced_value: unknown;
  resolved: { by: string | null; at: number; action: string } | null;
}

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  world = await buildWorld(server);
  adminA = await world.user('admin', world.clinicA);
  adminOfA = await world.bearer(adminA);
  adminOfB = await world.bearer(await world.user('admin', world.clinicB));
  alice = await world.user('provider', world.clinicA, { permissions: allPermissions });
  bob = await world.user('provider', world.clinicA, { permissions: allPermissions });
});
afterAll(() => server?.close());

const alicePhone = () => ({ auth: alice.basic, deviceId: 'alice-phone' });
const bobTablet = () => ({ auth: bob.basic, deviceId: 'bob-tablet' });

/**
 * Alice and Bob both change a patient's hometown; Bob's push, based on a
 * pull from before Alice's edit, is applied and Alice's value logged.
 * Returns the conflict and each device's cursor after it.
 */
async function makeConflict(label: string) {
  const patient = makeRow('patients', { hometown: 'Start', primary_clinic_id: world.clinicA });
  const a0 = await pull(server.app, alicePhone(), 0);
  await push(server.app, alicePhone(), a0.timestamp, {
    patients: { created: [asPushed(patient, 'created')] },
  });
  const b0 = await pull(server.app, bobTablet(), 0);
  const a1 = await pull(server.app, alicePhone(), a0.timestamp);
  const edit = (hometown: string) => ({
    patients: { updated: [asPushed({ ...patient, hometown }, 'updated', ['hometown'])] },
  });
  await push(server.app, alicePhone(), a1.timestamp, edit(`Alice ${label}`));
  expect((await push(server.app, bobTablet(), b0.timestamp, edit(`Bob ${label}`))).body).toEqual({
    ok: true,
  });
  const a2 = await pull(server.app, alicePhone(), a1.timestamp);
  const b1 = await pull(server.app, bobTablet(), b0.timestamp);
  const conflict = (await conflicts(world.superAuth)).find((c) => c.row_id === patient.id)!;
  expect(conflict).toMatchObject({
    column: 'hometown',
    applied_value: `Bob ${label}`,
    replaced_value: `Alice ${label}`,
    resolved: null,
  });
  return { patient, conflict, aliceAt: a2.timestamp, bobAt: b1.timestamp, edit };
}

async function conflicts(auth: string, query = ''): Promise<Conflict[]> {
  const response = await call(server.app, 'GET', `/api/admin/conflicts?limit=500${query}`, {
    auth,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ conflicts: Conflict[] }>().conflicts;
}

const resolve = (auth: string, id: number, action: string) =>
  call(server.app, 'POST', `/api/admin/conflicts/${id}/resolve`, { auth, payload: { action } });

test('restore writes the replaced value as a new change that both devices pull, by the administrator', async () => {
  const { patient, conflict, aliceAt, bobAt } = await makeConflict('restore');
  const startedAt = Date.now();
  const restored = await resolve(adminOfA, conflict.id, 'restore');
  expect(restored.statusCode, restored.body).toBe(200);
  const resolved = restored.json<Conflict>().resolved!;
  expect(resolved).toMatchObject({ by: adminA.id, action: 'restore' });
  expect(resolved.at).toBeGreaterThanOrEqual(startedAt - 1000);

  for (const [device, at] of [
    [alicePhone(), aliceAt],
    [bobTablet(), bobAt],
  ] as const) {
    const next = await pull(server.app, device, at);
    expect(next.changes['patients']!.updated).toEqual([
      expect.objectContaining({
        id: patient.id,
        hometown: 'Alice restore',
        last_modified_by: adminA.id,
      }),
    ]);
    expect(next.timestamp).toBeGreaterThan(at);
  }

  const access = await call(server.app, 'GET', '/api/admin/access-log', { auth: adminOfA });
  expect(
    access.json<{ entries: { user: string; action: string; target: string }[] }>().entries,
  ).toContainEqual(
    expect.objectContaining({
      user: adminA.id,
      action: 'restore',
      target: expect.stringContaining(patient.id),
    }),
  );
  expectError(await resolve(adminOfA, conflict.id, 'keep'), 409, 'conflict');
});

test('keep marks the conflict reviewed and writes nothing', async () => {
  const { patient, conflict, aliceAt } = await makeConflict('keep');
  const kept = await resolve(world.superAuth, conflict.id, 'keep');
  expect(kept.statusCode, kept.body).toBe(200);
  expect(kept.json<Conflict>().resolved).toMatchObject({ by: server.admin.id, action: 'keep' });
  const next = await pull(server.app, alicePhone(), aliceAt);
  expect((next.changes['patients']?.updated ?? []).map((r) => r.id)).not.toContain(patient.id);
  expect((await conflicts(world.superAuth)).find((c) => c.id === conflict.id)!.resolved).toEqual(
    kept.json<Conflict>().resolved,
  );
});

test('restore is refused, and the conflict stays open, once the row changed again or was deleted', async () => {
  const later = await makeConflict('edited');
  await push(server.app, alicePhone(), later.aliceAt, later.edit('Alice again'));
  const refused = expectError(
    await resolve(adminOfA, later.conflict.id, 'restore'),
    409,
    'conflict',
  );
  expect(refused.details).toEqual({ deleted: false, current_value: 'Alice again' });

  const gone = await makeConflict('deleted');
  await push(server.app, bobTablet(), gone.bobAt, { patients: { deleted: [gone.patient.id] } });
  const deleted = expectError(
    await resolve(adminOfA, gone.conflict.id, 'restore'),
    409,
    'conflict',
  );
  expect(deleted.details).toEqual({ deleted: true, current_value: null });

  const open = await conflicts(world.superAuth, '&open=true');
  expect(open.map((c) => c.id)).toEqual(
    expect.arrayContaining([later.conflict.id, gone.conflict.id]),
  );
  // Keep still closes them.
  expect((await resolve(adminOfA, later.conflict.id, 'keep')).statusCode).toBe(200);
});

test('?open=true lists the unresolved conflicts, ?open=false the resolved', async () => {
  const all = await conflicts(world.superAuth);
  const open = await conflicts(world.superAuth, '&open=true');
  const closed = await conflicts(world.superAuth, '&open=false');
  expect(open.length).toBeGreaterThan(0);
  expect(closed.length).toBeGreaterThan(0);
  expect(open.every((c) => c.resolved === null)).toBe(true);
  expect(closed.every((c) => c.resolved !== null)).toBe(true);
  expect([...open, ...closed].map((c) => c.id).sort()).toEqual(all.map((c) => c.id).sort());
  expectError(
    await call(server.app, 'GET', '/api/admin/conflicts?open=yes', { auth: world.superAuth }),
    400,
    'bad_request',
  );
});

test("an admin resolves only their clinics' conflicts; providers none", async () => {
  const { conflict } = await makeConflict('scope');
  expectError(await resolve(adminOfB, conflict.id, 'keep'), 403, 'forbidden');
  expectError(await resolve(await world.bearer(alice), conflict.id, 'keep'), 403, 'forbidden');
  expectError(await resolve(adminOfA, 987_654_321, 'keep'), 404, 'not_found');
  expectError(await resolve(adminOfA, conflict.id, 'undo'), 400, 'bad_request');
  expect((await conflicts(adminOfB)).map((c) => c.id)).not.toContain(conflict.id);
  const refused = await server.database.db.query<{ id: number }>(
    `INSERT INTO conflicts (table_name, row_id, column_name, kind, applied_value, replaced_value, clinic_id)
     VALUES ('patients', 'of-no-clinic', 'hometown', 'column', '"new"', '"old"', NULL) RETURNING id`,
  );
  expectError(await resolve(adminOfA, refused[0]!.id, 'keep'), 403, 'forbidden');
  expect((await resolve(world.superAuth, refused[0]!.id, 'keep')).statusCode).toBe(200);
});

test('two stock WatermelonDB devices end with the restored value', async () => {
  const deviceA = await createWatermelonDevice({
    serverUrl: server.url,
    email: alice.email,
    password: alice.password,
  });
  const deviceB = await createWatermelonDevice({
    serverUrl: server.url,
    email: bob.email,
    password: bob.password,
  });
  try {
    await deviceA.sync();
    await deviceB.sync();
    const id = await deviceA.create('patients', {
      given_name: 'Rania',
      hometown: 'Start',
      primary_clinic_id: world.clinicA,
      last_modified_by: alice.id,
    });
    await deviceA.sync();
    await deviceB.sync();
    // Both edit offline; Bob syncs last, so his value is applied and Alice's logged.
    await deviceA.update('patients', id, { hometown: 'Amman' });
    await deviceB.update('patients', id, { hometown: 'Irbid' });
    await deviceA.sync();
    await deviceB.sync();
    const conflict = (await conflicts(adminOfA, '&open=true')).find((c) => c.row_id === id)!;
    expect(conflict).toMatchObject({ applied_value: 'Irbid', replaced_value: 'Amman' });

    expect((await resolve(adminOfA, conflict.id, 'restore')).statusCode).toBe(200);
    await deviceA.sync();
    await deviceB.sync();
    expect(await deviceA.find('patients', id)).toMatchObject({ hometown: 'Amman' });
    expect(await deviceB.find('patients', id)).toMatchObject({ hometown: 'Amman' });
    expect(deviceA.diagnostics).toEqual([]);
    expect(deviceB.diagnostics).toEqual([]);
  } finally {
    await deviceA.close();
    await deviceB.close();
  }
});

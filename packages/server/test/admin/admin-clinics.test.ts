import { makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writeServerRows } from '../../src/admin/write-server-rows.js';
import { addPatient, deletePatient } from '../patients/add-patient.js';
import { call, expectError } from './admin-calls.js';
import { buildWorld } from './admin-world.js';
import type { World, WorldUser } from './admin-world.js';

/**
 * `GET /api/admin/clinics` (the caller's clinics with their counts) and
 * `PATCH /api/admin/clinics/:id` (a rename that devices pull).
 */

let server: TestServer;
let world: World;
let adminOfA: string;
let adminOfB: string;
let providerA: WorldUser;

interface Summary {
  id: string;
  name: string;
  users: number;
  patients: number;
  created_at: number;
}

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server);
  adminOfA = await world.bearer(await world.user('admin', world.clinicA));
  adminOfB = await world.bearer(await world.user('admin', world.clinicB));
  providerA = await world.user('provider', world.clinicA, { permissions: allPermissions });
  // Home A, also in B: counted in both.
  await world.user('registrar', world.clinicA, { also: { [world.clinicB]: {} } });
});
afterAll(() => server.close());

async function clinicsAs(auth: string): Promise<Summary[]> {
  const response = await call(server.app, 'GET', '/api/admin/clinics', { auth });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ clinics: Summary[] }>().clinics;
}

test('counts users by open membership and patients by the clinics pull scope gives them', async () => {
  const db = server.database.db;
  await addPatient(db, { primary_clinic_id: world.clinicA });
  const gone = await addPatient(db, { primary_clinic_id: world.clinicA });
  const visitor = await addPatient(db, { primary_clinic_id: world.clinicB });
  await addPatient(db, { primary_clinic_id: world.clinicB });
  // A visit in A puts B's patient in A too, as a pull of A's users would see it.
  const visit = makeRow('visits', { patient_id: visitor.id, clinic_id: world.clinicA });
  await db.transaction((tx) => writeServerRows(tx, [{ table: 'visits', created: [visit] }], null));
  await deletePatient(db, gone.id);

  const startedAt = Date.now();
  const clinics = await clinicsAs(world.superAuth);
  const byId = new Map(clinics.map((c) => [c.id, c]));
  // A: admin, provider, registrar; B: admin, registrar; the super_admin belongs to none.
  expect(byId.get(world.clinicA)).toMatchObject({ users: 3, patients: 2 });
  expect(byId.get(world.clinicB)).toMatchObject({ name: 'Clinic B', users: 2, patients: 2 });
  expect(byId.get(world.clinicA2)).toMatchObject({ name: 'Clinic A2', users: 0, patients: 0 });
  expect(clinics.map((c) => c.name)).toEqual([...clinics.map((c) => c.name)].sort());
  for (const clinic of clinics) expect(clinic.created_at).toBeLessThanOrEqual(startedAt);
});

test('an admin lists only their clinics; a provider is refused', async () => {
  expect((await clinicsAs(adminOfA)).map((c) => c.id)).toEqual([world.clinicA]);
  expect((await clinicsAs(adminOfB)).map((c) => c.id)).toEqual([world.clinicB]);
  const provider = await world.bearer(providerA);
  expectError(
    await call(server.app, 'GET', '/api/admin/clinics', { auth: provider }),
    403,
    'forbidden',
  );
});

test('a rename reaches a device on its next pull, as an update', async () => {
  const device = { auth: providerA.basic, deviceId: 'provider-a-phone' };
  const first = await pull(server.app, device, 0);
  const renamed = await call(server.app, 'PATCH', `/api/admin/clinics/${world.clinicA}`, {
    auth: adminOfA,
    payload: { name: '  North clinic ' },
  });
  expect(renamed.statusCode, renamed.body).toBe(200);
  expect(renamed.json()).toMatchObject({ id: world.clinicA, name: 'North clinic' });

  const next = await pull(server.app, device, first.timestamp);
  const clinics = next.changes['clinics']!;
  expect(clinics.created).toEqual([]);
  expect(clinics.updated).toEqual([
    expect.objectContaining({ id: world.clinicA, name: 'North clinic' }),
  ]);
  const listed = await clinicsAs(adminOfA);
  expect(listed[0]).toMatchObject({ id: world.clinicA, name: 'North clinic' });
});

test('a rename: an admin of another clinic and a provider are refused, an unknown clinic is 404', async () => {
  const rename = (auth: string, id: string) =>
    call(server.app, 'PATCH', `/api/admin/clinics/${id}`, { auth, payload: { name: 'Taken' } });
  expectError(await rename(adminOfB, world.clinicA), 403, 'forbidden');
  expectError(await rename(adminOfA, world.clinicA2), 403, 'forbidden');
  expectError(await rename(await world.bearer(providerA), world.clinicA), 403, 'forbidden');
  expectError(await rename(world.superAuth, 'no-such-clinic'), 404, 'not_found');
  const empty = await call(server.app, 'PATCH', `/api/admin/clinics/${world.clinicB}`, {
    auth: adminOfB,
    payload: { name: '   ' },
  });
  expectError(empty, 400, 'bad_request');
  const bySuper = await rename(world.superAuth, world.clinicA2);
  expect(bySuper.statusCode, bySuper.body).toBe(200);
  const names = (await clinicsAs(world.superAuth)).map((c) => c.name);
  expect(names).toContain('Taken');
  expect(names).not.toContain('Clinic A2');
});

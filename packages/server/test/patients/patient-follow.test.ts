import type { AnyWireRow } from '@clinicsync/schema';
import { pull, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, expectError, issuePaths } from '../admin/admin-calls.js';
import { buildWorld } from '../admin/admin-world.js';
import type { World, WorldUser } from '../admin/admin-world.js';
import { addPatient, deletePatient } from './add-patient.js';

let server: TestServer;
let world: World;
let nurse: WorldUser;
let nurseAuth: string;

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server);
  nurse = await world.user('provider', world.clinicA, { permissions: { can_view_history: true } });
  nurseAuth = await world.bearer(nurse);
});
afterAll(() => server.close());

const follow = (id: string, auth = nurseAuth) =>
  call(server.app, 'POST', `/api/patients/${id}/follow`, { auth });
const unfollow = (id: string, auth = nurseAuth) =>
  call(server.app, 'DELETE', `/api/patients/${id}/follow`, { auth });

async function inScope(patient: AnyWireRow): Promise<boolean> {
  const response = await call(server.app, 'GET', `/api/patients/lookup?q=${patient.id}`, {
    auth: nurseAuth,
  });
  const [found] = response.json<{ patients: { id: string; in_scope: boolean }[] }>().patients;
  expect(found?.id).toBe(patient.id);
  return found!.in_scope;
}

async function openFollows(patientId: string): Promise<number> {
  const rows = await server.database.db.query(
    'SELECT 1 FROM patient_follows WHERE user_id = $1 AND patient_id = $2 AND ended IS NULL',
    [nurse.id, patientId],
  );
  return rows.length;
}

/** The follows and unfollows of `target` in the access log (lookups by its id are left out). */
async function accessEntries(target: string) {
  return server.database.db.query<Record<string, unknown>>(
    `SELECT user_id, action, target, clinic_ids FROM access_log
      WHERE target = $1 AND action <> 'lookup' ORDER BY id`,
    [target],
  );
}

describe('POST and DELETE /api/patients/:id/follow', () => {
  test("a follow brings another clinic's patient to the user's devices; an unfollow takes it away; both are logged", async () => {
    const patient = await addPatient(server.database.db, {
      given_name: 'Hind',
      surname: 'Khoury',
      primary_clinic_id: world.clinicB,
    });
    const device = { auth: nurse.basic, deviceId: 'nurse-tablet' };
    const first = await pull(server.app, device, 0);
    expect(first.changes.patients?.created.map((p) => p.id) ?? []).not.toContain(patient.id);
    expect(await inScope(patient)).toBe(false);

    const followed = await follow(patient.id);
    expect(followed.statusCode, followed.body).toBe(200);
    expect(followed.json()).toEqual({ id: patient.id, following: true });
    expect(await inScope(patient)).toBe(true);
    const second = await pull(server.app, device, first.timestamp);
    expect(second.changes.patients?.created).toEqual([
      expect.objectContaining({ id: patient.id, surname: 'Khoury' }),
    ]);

    const unfollowed = await unfollow(patient.id);
    expect(unfollowed.statusCode, unfollowed.body).toBe(200);
    expect(unfollowed.json()).toEqual({ id: patient.id, following: false });
    expect(await inScope(patient)).toBe(false);
    // Rows that left the scope go out as deleted one sync later.
    const third = await pull(server.app, device, second.timestamp);
    const fourth = await pull(server.app, device, third.timestamp);
    expect([
      ...(third.changes.patients?.deleted ?? []),
      ...(fourth.changes.patients?.deleted ?? []),
    ]).toContain(patient.id);

    expect(await accessEntries(patient.id)).toEqual([
      { user_id: nurse.id, action: 'follow', target: patient.id, clinic_ids: [world.clinicB] },
      { user_id: nurse.id, action: 'unfollow', target: patient.id, clinic_ids: [world.clinicB] },
    ]);
  });

  test('following twice keeps one follow (each call is logged); unfollowing twice is fine', async () => {
    const patient = await addPatient(server.database.db, { primary_clinic_id: world.clinicB });
    expect((await follow(patient.id)).statusCode).toBe(200);
    expect((await follow(patient.id)).statusCode).toBe(200);
    expect(await openFollows(patient.id)).toBe(1);
    expect((await unfollow(patient.id)).json()).toEqual({ id: patient.id, following: false });
    expect((await unfollow(patient.id)).json()).toEqual({ id: patient.id, following: false });
    expect(await openFollows(patient.id)).toBe(0);
    expect((await accessEntries(patient.id)).map((e) => e['action'])).toEqual([
      'follow',
      'follow',
      'unfollow',
      'unfollow',
    ]);
  });

  test('an unknown or deleted patient is 404 to follow (nothing written); a deleted one can be unfollowed', async () => {
    const patient = await addPatient(server.database.db, { primary_clinic_id: world.clinicB });
    expect((await follow(patient.id)).statusCode).toBe(200);
    await deletePatient(server.database.db, patient.id);

    expectError(await follow('no-such-patient'), 404, 'not_found');
    expectError(await unfollow('no-such-patient'), 404, 'not_found');
    expectError(await follow(patient.id), 404, 'not_found');
    expect(await accessEntries('no-such-patient')).toEqual([]);
    expect(await accessEntries(patient.id)).toHaveLength(1);

    expect((await unfollow(patient.id)).json()).toEqual({ id: patient.id, following: false });
    expect(await openFollows(patient.id)).toBe(0);
    expect(issuePaths(await follow('not%20an%20id'))).toEqual(['id']);
  });

  test('needs can_view_history in one of the user’s clinics; a refusal writes nothing', async () => {
    const patient = await addPatient(server.database.db, { primary_clinic_id: world.clinicB });
    const clerk = await world.user('registrar', world.clinicA, {
      permissions: { can_register_patients: true, can_edit_records: true },
    });
    const clerkAuth = await world.bearer(clerk);
    const refused = expectError(await follow(patient.id, clerkAuth), 403, 'forbidden');
    expect(refused.message).toContain('can_view_history');
    expectError(await unfollow(patient.id, clerkAuth), 403, 'forbidden');
    expect(await accessEntries(patient.id)).toEqual([]);
    const follows = await server.database.db.query(
      'SELECT 1 FROM patient_follows WHERE user_id = $1',
      [clerk.id],
    );
    expect(follows).toEqual([]);
    expectError(await follow(patient.id, ''), 401, 'unauthorized');
  });
});

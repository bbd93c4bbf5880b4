import { allPermissions, pull, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addPatient } from '../patients/add-patient.js';
import { call } from './admin-calls.js';
import { buildWorld } from './admin-world.js';
import type { World, WorldUser } from './admin-world.js';

/**
 * An admin reads the logs of their clinics only (PROTOCOL.md,
 * "Administration"); a super_admin reads everything.
 */

let server: TestServer;
let world: World;
let adminOfA: string;
let adminOfB: string;
let providerA: WorldUser;
let providerB: WorldUser;

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server);
  adminOfA = await world.bearer(await world.user('admin', world.clinicA));
  adminOfB = await world.bearer(await world.user('admin', world.clinicB));
  providerA = await world.user('provider', world.clinicA, { permissions: allPermissions });
  providerB = await world.user('provider', world.clinicB, { permissions: allPermissions });
});
afterAll(() => server.close());

/** Every entry of a log as `auth` reads it, page by page. */
async function readLog<T>(auth: string, path: string, key: 'conflicts' | 'entries'): Promise<T[]> {
  const items: T[] = [];
  let before: number | null = null;
  do {
    const response = await call(
      server.app,
      'GET',
      `${path}?limit=2${before === null ? '' : `&before=${before}`}`,
      { auth },
    );
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<Record<string, unknown>>();
    items.push(...(page[key] as T[]));
    before = page['next'] as number | null;
  } while (before !== null);
  return items;
}

test("the conflict log: an admin sees their clinics' conflicts, never those of no clinic", async () => {
  const logged = async (rowId: string, clinicId: string | null) => {
    await server.database.db.query(
      `INSERT INTO conflicts (table_name, row_id, column_name, kind, applied_value, replaced_value, clinic_id)
       VALUES ('patients', $1, 'hometown', 'column', '"new"', '"old"', $2)`,
      [rowId, clinicId],
    );
  };
  await logged('patient-of-a', world.clinicA);
  await logged('patient-of-b', world.clinicB);
  await logged('patient-of-none', null);
  await logged('another-of-a', world.clinicA);

  const rows = async (auth: string) =>
    (await readLog<{ row_id: string }>(auth, '/api/admin/conflicts', 'conflicts')).map(
      (c) => c.row_id,
    );
  expect(await rows(adminOfA)).toEqual(['another-of-a', 'patient-of-a']);
  expect(await rows(adminOfB)).toEqual(['patient-of-b']);
  expect(await rows(world.superAuth)).toEqual([
    'another-of-a',
    'patient-of-none',
    'patient-of-b',
    'patient-of-a',
  ]);
  const [entry] = await readLog<Record<string, unknown>>(
    adminOfB,
    '/api/admin/conflicts',
    'conflicts',
  );
  expect(entry).toMatchObject({
    clinic_id: world.clinicB,
    clinic_name: 'Clinic B',
    reason: null,
    replaced_value: 'old',
    applied_by: { user: null, name: null, device: null },
  });
});

test("the sync log: an admin sees the entries of their clinics' users", async () => {
  await pull(server.app, { auth: providerA.basic, deviceId: 'phone-a' }, 0);
  await pull(server.app, { auth: providerB.basic, deviceId: 'phone-b' }, 0);
  // A streamed pull writes its log entry once the answer has gone.
  await expect
    .poll(async () => {
      const rows = await server.database.db.query(
        "SELECT 1 FROM sync_log WHERE device_id IN ('phone-a', 'phone-b')",
      );
      return rows.length;
    })
    .toBe(2);

  const users = async (auth: string) =>
    new Set(
      (await readLog<{ user: string }>(auth, '/api/admin/sync-log', 'entries')).map((e) => e.user),
    );
  const seenByA = await users(adminOfA);
  expect(seenByA).toContain(providerA.id);
  expect(seenByA).not.toContain(providerB.id);
  const seenByB = await users(adminOfB);
  expect(seenByB).toContain(providerB.id);
  expect(seenByB).not.toContain(providerA.id);
  const seenBySuper = await users(world.superAuth);
  expect(seenBySuper).toContain(providerA.id);
  expect(seenBySuper).toContain(providerB.id);
});

test('the access log: an admin sees the lookups and follows that reached their clinics', async () => {
  const ofA = await addPatient(server.database.db, {
    given_name: 'Rania',
    surname: 'Asfour',
    primary_clinic_id: world.clinicA,
  });
  const ofB = await addPatient(server.database.db, {
    given_name: 'Karim',
    surname: 'Bishara',
    primary_clinic_id: world.clinicB,
  });
  const asProviderA = await world.bearer(providerA);
  const lookup = await call(server.app, 'GET', '/api/patients/lookup?q=bishara', {
    auth: asProviderA,
  });
  expect(lookup.json()).toMatchObject({ patients: [{ id: ofB.id, in_scope: false }] });
  const follow = await call(server.app, 'POST', `/api/patients/${ofA.id}/follow`, {
    auth: asProviderA,
  });
  expect(follow.statusCode, follow.body).toBe(200);

  // Reading the conflict log (earlier tests) is audited too; here only lookups and follows count.
  const entries = async (auth: string) =>
    (await readLog<Record<string, unknown>>(auth, '/api/admin/access-log', 'entries')).filter(
      (e) => e['action'] !== 'read_conflicts',
    );
  // Each entry names its user, so the console shows a person, not an id.
  const who = { user: providerA.id, user_email: providerA.email, user_name: expect.any(String) };
  const lookedUp = { ...who, action: 'lookup', target: 'bishara' };
  const followed = { ...who, action: 'follow', target: ofA.id };
  expect(await entries(adminOfA)).toEqual([expect.objectContaining(followed)]);
  expect(await entries(adminOfB)).toEqual([expect.objectContaining(lookedUp)]);
  const all = await entries(world.superAuth);
  expect(all).toEqual([expect.objectContaining(followed), expect.objectContaining(lookedUp)]);
  expect(Object.keys(all[0]!).sort()).toEqual([
    'action',
    'at',
    'id',
    'target',
    'user',
    'user_email',
    'user_name',
  ]);
  const reads = await readLog<Record<string, unknown>>(
    world.superAuth,
    '/api/admin/access-log',
    'entries',
  );
  expect(reads.some((e) => e['action'] === 'read_conflicts')).toBe(true);
});

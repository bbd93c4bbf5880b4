import type { AnyWireRow } from '@clinicsync/schema';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, expectError, issuePaths } from '../admin/admin-calls.js';
import { buildWorld } from '../admin/admin-world.js';
import type { World } from '../admin/admin-world.js';
import { addPatient, deletePatient } from './add-patient.js';

let server: TestServer;
let world: World;
let viewer: string;
let amal: AnyWireRow;
let amalia: AnyWireRow;
let omar: AnyWireRow;
let maryJane: AnyWireRow;

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server);
  viewer = await world.bearer(
    await world.user('provider', world.clinicA, { permissions: { can_view_history: true } }),
  );
  const db = server.database.db;
  amal = await addPatient(db, {
    given_name: 'Amal',
    surname: 'Al-Haddad',
    date_of_birth: '1984-03-09',
    sex: 'female',
    phone: '+962 79 123 4567',
    hometown: 'Irbid',
    government_id: 'GOV-1',
    primary_clinic_id: world.clinicB,
  });
  amalia = await addPatient(db, {
    given_name: 'Amalia',
    surname: 'Nasser',
    primary_clinic_id: world.clinicA,
  });
  omar = await addPatient(db, {
    given_name: 'Omar',
    surname: 'Haddadin',
    phone: '0791112222',
    primary_clinic_id: world.clinicB,
  });
  maryJane = await addPatient(db, {
    given_name: 'Mary Jane',
    surname: 'Smith',
    primary_clinic_id: world.clinicB,
  });
  const salma = await addPatient(db, {
    given_name: 'Salma',
    surname: 'Odeh',
    primary_clinic_id: world.clinicB,
  });
  await deletePatient(db, salma.id);
});
afterAll(() => server.close());

const lookup = (query: string, auth = viewer) =>
  call(server.app, 'GET', `/api/patients/lookup?${query}`, { auth });

async function found(q: string): Promise<string[]> {
  const response = await lookup(`q=${encodeURIComponent(q)}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ patients: { id: string }[] }>().patients.map((p) => p.id);
}

describe('GET /api/patients/lookup', () => {
  test('finds a patient of another clinic, with the minimal fields only and in_scope false', async () => {
    const response = await lookup('q=haddad');
    expect(response.statusCode, response.body).toBe(200);
    const { patients } = response.json<{ patients: Record<string, unknown>[] }>();
    expect(patients.map((p) => p['id'])).toEqual([amal.id, omar.id]);
    expect(patients[0]).toEqual({
      id: amal.id,
      given_name: 'Amal',
      surname: 'Al-Haddad',
      date_of_birth: '1984-03-09',
      sex: 'female',
      primary_clinic_id: world.clinicB,
      in_scope: false,
    });
    // Nothing of the chart: no phone, hometown or government id.
    expect(response.body).not.toContain('4567');
    expect(response.body).not.toContain('Irbid');
    expect(response.body).not.toContain('GOV-1');
  });

  test("in_scope is true for a patient of the user's own clinic", async () => {
    const response = await lookup('q=amal');
    expect(response.json()).toEqual({
      patients: [
        expect.objectContaining({ id: amal.id, in_scope: false }),
        expect.objectContaining({ id: amalia.id, in_scope: true }),
      ],
    });
  });

  test('names: every query word begins a word of the given name or surname, in any case', async () => {
    expect(await found('AMAL haddad')).toEqual([amal.id]);
    expect(await found('haddad omar')).toEqual([omar.id]);
    expect(await found('jane')).toEqual([maryJane.id]);
    expect(await found('  smith  ')).toEqual([maryJane.id]);
    expect(await found('mal')).toEqual([]);
    expect(await found('amal smith')).toEqual([]);
  });

  test('phones by 4 digits or more, ids exactly; wildcards match only themselves', async () => {
    expect(await found('123 4567')).toEqual([amal.id]);
    expect(await found('0791')).toEqual([omar.id]);
    expect(await found('791')).toEqual([]);
    expect(await found(amalia.id)).toEqual([amalia.id]);
    expect(await found(amalia.id.slice(0, -1))).toEqual([]);
    expect(await found('%')).toEqual([]);
    expect(await found('_mal')).toEqual([]);
  });

  test('a deleted patient is not found', async () => {
    expect(await found('salma')).toEqual([]);
  });

  test('limit: 1 to 100, 20 by default; q: 1 to 200 characters', async () => {
    const one = await lookup('q=a&limit=1');
    expect(one.json<{ patients: unknown[] }>().patients).toHaveLength(1);
    expect(await found('a')).toEqual([amal.id, amalia.id]);
    for (const query of ['limit=0&q=a', 'limit=101&q=a', 'limit=ten&q=a']) {
      expect(issuePaths(await lookup(query)), query).toEqual(['limit']);
    }
    for (const query of ['q=', 'q=%20%20', `q=${'x'.repeat(201)}`, 'limit=5']) {
      expect(issuePaths(await lookup(query)), query).toEqual(['q']);
    }
    expect((await lookup(`q=${'x'.repeat(200)}`)).statusCode).toBe(200);
  });

  test('every lookup is in the access log: the query, and the clinics of the patients found', async () => {
    const before = await server.database.db.query('SELECT 1 FROM access_log');
    expect(await found('haddad')).toHaveLength(2);
    expect(await found('nobody-at-all')).toEqual([]);
    const rows = await server.database.db.query<Record<string, unknown>>(
      'SELECT user_id, action, target, clinic_ids FROM access_log ORDER BY id DESC LIMIT 2',
    );
    expect(await server.database.db.query('SELECT 1 FROM access_log')).toHaveLength(
      before.length + 2,
    );
    const me = (await call(server.app, 'GET', '/api/auth/me', { auth: viewer })).json<{
      id: string;
    }>();
    expect(rows).toEqual([
      { user_id: me.id, action: 'lookup', target: 'nobody-at-all', clinic_ids: [] },
      { user_id: me.id, action: 'lookup', target: 'haddad', clinic_ids: [world.clinicB] },
    ]);
  });

  test('needs can_view_history in one of the user’s clinics; nothing is logged without it', async () => {
    const noFlags = await world.bearer(await world.user('provider', world.clinicA));
    const registrar = await world.bearer(
      await world.user('registrar', world.clinicA, {
        permissions: { can_register_patients: true },
      }),
    );
    const elsewhere = await world.bearer(
      await world.user('provider', world.clinicA, {
        also: { [world.clinicA2]: { can_view_history: true } },
      }),
    );
    const admin = await world.bearer(await world.user('admin', world.clinicB));
    const before = await server.database.db.query('SELECT 1 FROM access_log');
    for (const auth of [noFlags, registrar]) {
      const refused = expectError(await lookup('q=amal', auth), 403, 'forbidden');
      expect(refused.message).toContain('can_view_history');
    }
    expect(await server.database.db.query('SELECT 1 FROM access_log')).toEqual(before);
    for (const auth of [elsewhere, admin, world.superAuth]) {
      expect((await lookup('q=amal', auth)).statusCode).toBe(200);
    }
    expectError(await lookup('q=amal', ''), 401, 'unauthorized');
    const basic = `Basic ${Buffer.from('someone@world.test:secret').toString('base64')}`;
    expectError(await lookup('q=amal', basic), 401, 'unauthorized');
  });
});

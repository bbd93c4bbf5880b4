import type { AnyWireRow } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import {
  allPermissions,
  pull,
  push,
  snapshotDatabase,
  startTestServer,
} from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';

let server: TestServer;
let provider: TestUser;
let registrar: TestUser;
let viewer: TestUser;
let cursor: number;
let patient: AnyWireRow;
/** A new patient of the test server's clinic: one every user here may reach. */
const ownPatient = (values: Record<string, unknown> = {}) =>
  makeRow('patients', { primary_clinic_id: server.clinicId, ...values });

beforeAll(async () => {
  server = await startTestServer({ maxBodyMb: 1 });
  patient = ownPatient({ given_name: 'Existing' });
  provider = await server.addUser('provider', allPermissions);
  registrar = await server.addUser('registrar', { can_register_patients: true });
  viewer = await server.addUser('provider', { can_view_history: true });
  cursor = (await pull(server.app, { auth: provider.basic }, 0)).timestamp;
  await push(server.app, { auth: provider.basic }, cursor, {
    patients: { created: [asPushed(patient, 'created')] },
  });
});
afterAll(() => server.close());

describe('per-record refusals', () => {
  test('server-managed tables are refused record by record, the rest applied', async () => {
    const clinic = makeRow('clinics', { name: 'Rogue clinic' });
    const fresh = ownPatient();
    const result = await push(server.app, { auth: server.admin.basic }, cursor, {
      clinics: { created: [asPushed(clinic, 'created')], deleted: [server.clinicId] },
      patients: { created: [asPushed(fresh, 'created')] },
    });
    expect(result.status).toBe(200);
    expect(result.body['experimentalRejectedIds']).toEqual({
      clinics: [clinic.id, server.clinicId],
    });
    expect(result.body['rejected']).toEqual([
      { table: 'clinics', id: clinic.id, reason: 'server_managed' },
      { table: 'clinics', id: server.clinicId, reason: 'server_managed' },
    ]);
    const all = await pull(server.app, { auth: provider.basic }, 0);
    expect(all.changes.clinics!.created.some((c) => c.id === clinic.id)).toBe(false);
    expect(all.changes.clinics!.created.some((c) => c.id === server.clinicId)).toBe(true);
    expect(all.changes.patients!.created.some((p) => p.id === fresh.id)).toBe(true);
    const logged = await server.database.db.query(
      'SELECT row_id, kind, reason, applied_value FROM conflicts WHERE table_name = $1 ORDER BY id',
      ['clinics'],
    );
    expect(logged).toEqual([
      { row_id: clinic.id, kind: 'refused', reason: 'server_managed', applied_value: clinic },
      {
        row_id: server.clinicId,
        kind: 'refused',
        reason: 'server_managed',
        applied_value: { id: server.clinicId, deleted: true },
      },
    ]);
  });

  test('without the permission a user cannot register, edit or delete', async () => {
    const newPatient = ownPatient();
    const registered = await push(server.app, { auth: registrar.basic }, cursor, {
      patients: {
        created: [asPushed(newPatient, 'created')],
        updated: [asPushed({ ...patient, phone: 'nope' }, 'updated', ['phone'])],
      },
    });
    expect(registered.body['experimentalRejectedIds']).toEqual({ patients: [patient.id] });
    expect(registered.body['rejected']).toEqual([
      { table: 'patients', id: patient.id, reason: 'forbidden' },
    ]);
    const deleting = await push(server.app, { auth: registrar.basic }, cursor, {
      patients: { deleted: [patient.id] },
    });
    expect(deleting.body['rejected']).toEqual([
      { table: 'patients', id: patient.id, reason: 'forbidden' },
    ]);

    const denied = await push(server.app, { auth: viewer.basic }, cursor, {
      patients: { created: [asPushed(ownPatient(), 'created')] },
    });
    expect(denied.body['rejected']).toEqual([
      expect.objectContaining({ table: 'patients', reason: 'forbidden' }),
    ]);

    const all = await pull(server.app, { auth: provider.basic }, 0);
    const row = all.changes.patients!.created.find((p) => p.id === patient.id)!;
    expect(row.phone).toBe(patient['phone']);
    expect(all.changes.patients!.created.some((p) => p.id === newPatient.id)).toBe(true);
  });
});

describe('bad input is refused whole, with nothing written', () => {
  const valid = () => asPushed(makeRow('patients'), 'created');
  const cases: [string, unknown, number, string][] = [
    ['an unknown table', { lab_results: { created: [] } }, 400, 'invalid_push'],
    [
      'an unknown column',
      { patients: { created: [{ ...valid(), blood_type: 'O' }] } },
      400,
      'invalid_push',
    ],
    [
      'a wrong type',
      { patients: { created: [{ ...valid(), created_at: 'yesterday' }] } },
      400,
      'invalid_push',
    ],
    [
      'a bad id',
      { patients: { created: [{ ...valid(), id: "x'; drop table patients; --" }] } },
      400,
      'invalid_push',
    ],
    [
      'a JSON column that is not JSON',
      { patients: { created: [{ ...valid(), metadata: '{oops' }] } },
      400,
      'invalid_push',
    ],
    [
      'a prototype key',
      JSON.parse('{"patients":{"created":[{"id":"a1","__proto__":{"x":1}}]}}'),
      400,
      'bad_request',
    ],
    ['a body that is not an object', [1, 2, 3], 400, 'invalid_push'],
  ];
  test.each(cases)('%s', async (_name, body, status, code) => {
    const before = await snapshotDatabase(server.database.db);
    // A valid record rides along: it must not be written either.
    const payload = Array.isArray(body)
      ? body
      : { ...(body as object), visits: { created: [asPushed(makeRow('visits'), 'created')] } };
    const result = await push(
      server.app,
      { auth: provider.basic },
      cursor,
      payload as Record<string, unknown>,
    );
    expect(result.status).toBe(status);
    expect(result.body).toMatchObject({ error: { code, message: expect.any(String) } });
    expect(await snapshotDatabase(server.database.db)).toBe(before);
  });

  test('malformed JSON, no credentials, a wrong password and an oversized body', async () => {
    const before = await snapshotDatabase(server.database.db);
    const malformed = await server.app.inject({
      method: 'POST',
      url: '/api/v2/sync?last_pulled_at=1',
      headers: { authorization: provider.basic, 'content-type': 'application/json' },
      payload: '{"patients": {',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'bad_request' } });
    const anonymous = await server.app.inject({
      method: 'POST',
      url: '/api/v2/sync',
      payload: { patients: { created: [valid()] } },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const wrong = await server.app.inject({
      method: 'GET',
      url: '/api/v2/sync',
      headers: {
        authorization: `Basic ${Buffer.from(`${provider.email}:wrong-password`).toString('base64')}`,
      },
    });
    expect(wrong.statusCode).toBe(401);
    const huge = await push(server.app, { auth: provider.basic }, cursor, {
      patients: { created: [{ ...valid(), hometown: 'x'.repeat(2 * 1024 * 1024) }] },
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await snapshotDatabase(server.database.db)).toBe(before);
  });

  test.each([
    ['last_pulled_at=-1', 'bad_request'],
    ['last_pulled_at=abc', 'bad_request'],
    ['schema_version=10', 'bad_request'],
    ['migration=%7Bnot-json', 'bad_request'],
    ['limit=0', 'bad_request'],
    ['limit=10&next=garbage', 'bad_request'],
  ])('a pull with %s is a 400', async (query, code) => {
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/v2/sync?${query}`,
      headers: { authorization: provider.basic },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code } });
  });

  test('a bad X-Device-Id is a 400', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/v2/sync',
      headers: { authorization: provider.basic, 'x-device-id': 'no spaces/allowed' },
    });
    expect(response.statusCode).toBe(400);
  });
});

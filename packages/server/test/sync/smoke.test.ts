import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const patient = {
  id: 'p1',
  given_name: 'Amina',
  surname: 'Yusuf',
  date_of_birth: '1990-04-02',
  citizenship: 'X',
  hometown: 'Y',
  phone: '123',
  sex: 'female',
  camp: null,
  additional_data: '{"a": 1}',
  metadata: '{}',
  photo_url: null,
  is_deleted: false,
  deleted_at: null,
  created_at: 1700000000123,
  updated_at: 1700000000456,
  government_id: 'G',
  external_patient_id: 'E',
  primary_clinic_id: null,
  last_modified_by: null,
};

test('push then pull round-trips a patient', async () => {
  const auth = { authorization: server.admin.basic };
  const pull0 = await server.app.inject({ method: 'GET', url: '/api/v2/sync?last_pulled_at=null', headers: auth });
  expect(pull0.statusCode).toBe(200);
  const t0 = pull0.json().timestamp;
  const push = await server.app.inject({
    method: 'POST',
    url: `/api/v2/sync?last_pulled_at=${t0}`,
    headers: auth,
    payload: { patients: { created: [{ ...patient, _status: 'created', _changed: '' }], updated: [], deleted: [] } },
  });
  expect(push.json()).toEqual({ ok: true });
  const other = await server.addUser('provider', { can_edit_records: true });
  const pull1 = await server.app.inject({ method: 'GET', url: '/api/v2/sync?last_pulled_at=0', headers: { authorization: other.basic } });
  const body = pull1.json();
  expect(body.changes.patients.created).toEqual([patient]);
  const own = await server.app.inject({ method: 'GET', url: `/api/v2/sync?last_pulled_at=${t0}`, headers: auth });
  expect(own.json().changes.patients).toEqual({ created: [], updated: [patient], deleted: [] });
  const paged = await server.app.inject({ method: 'GET', url: '/api/v2/sync?last_pulled_at=0&limit=2', headers: auth });
  console.log(paged.body.slice(0, 500));
});

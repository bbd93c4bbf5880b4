import { afterAll, beforeAll, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { asPushed, clinicalRow } from '@clinicsync/testing/fixtures';
import { call, signIn } from '../admin/admin-calls.js';
import { addPatient } from '../patients/add-patient.js';

// Every answer that can carry patient data, users or tokens says no-store,
// whatever its status, so no browser, proxy or service worker keeps a copy.

let server: TestServer;
let provider: TestUser;
let bearer: string;
let patientId: string;

beforeAll(async () => {
  server = await startTestServer();
  provider = await server.addUser('provider', allPermissions);
  bearer = await signIn(server.app, server.admin.email, server.admin.password);
  patientId = (await addPatient(server.database.db, { primary_clinic_id: server.clinicId })).id;
});
afterAll(() => server.close());

const cases: [string, () => ReturnType<typeof call>, number][] = [
  [
    'a pull (streamed)',
    () => call(server.app, 'GET', '/api/v2/sync?last_pulled_at=0', { auth: provider.basic }),
    200,
  ],
  [
    'a paged pull',
    () =>
      call(server.app, 'GET', '/api/v2/sync?last_pulled_at=0&limit=1', { auth: provider.basic }),
    200,
  ],
  [
    'a push',
    () =>
      call(server.app, 'POST', '/api/v2/sync?last_pulled_at=0', {
        auth: provider.basic,
        payload: {
          patients: { created: [asPushed(clinicalRow('patients', server.clinicId), 'created')] },
        },
      }),
    200,
  ],
  [
    'a patient lookup',
    () => call(server.app, 'GET', '/api/patients/lookup?q=Patient', { auth: bearer }),
    200,
  ],
  [
    'a follow',
    () => call(server.app, 'POST', `/api/patients/${patientId}/follow`, { auth: bearer }),
    200,
  ],
  ['a user list', () => call(server.app, 'GET', '/api/admin/users', { auth: bearer }), 200],
  [
    'the conflict log',
    () => call(server.app, 'GET', '/api/admin/conflicts', { auth: bearer }),
    200,
  ],
  [
    'a sign-in (a token)',
    () =>
      call(server.app, 'POST', '/api/auth/sign-in', {
        payload: { email: provider.email, password: provider.password },
      }),
    200,
  ],
  ['me', () => call(server.app, 'GET', '/api/auth/me', { auth: bearer }), 200],
  ['a refusal', () => call(server.app, 'GET', '/api/v2/sync?last_pulled_at=0'), 401],
  [
    'an unknown API path',
    () => call(server.app, 'GET', '/api/nothing-here', { auth: bearer }),
    404,
  ],
];

test.each(cases)('%s is answered with Cache-Control: no-store', async (_name, send, status) => {
  const response = await send();
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['cache-control']).toBe('no-store');
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { hashToken } from '../../src/auth/tokens.js';
import { answers, basicAuth, call, expectError, signIn } from '../admin/admin-calls.js';
import { expectNoSecrets, memoryLogger } from './secret-watch.js';

// The "done when": an administrator sets up a clinic and a provider
// through the API, the provider signs in every way the apps do, every
// refusal has PROTOCOL.md's shape, and no secret leaks into an answer or a log.

const { logger, lines: logLines } = memoryLogger();
let server: TestServer;
let adminAuth: string;
const provider = { email: 'nadia.provider@clinic.test', password: 'correct horse battery', id: '' };

beforeAll(async () => {
  answers.length = 0;
  server = await startTestServer({
    logger,
    // Limits have their own test; here they must not get in the way.
    failedAuthLimit: { max: 1000, windowMs: 60_000 },
    signInRateLimit: { max: 1000, timeWindow: 60_000 },
  });
  adminAuth = await signIn(server.app, server.admin.email, server.admin.password);
});
afterAll(() => server.close());

function providerSignIn(url: '/api/auth/sign-in' | '/api/login', password = provider.password) {
  return call(server.app, 'POST', url, { payload: { email: provider.email, password } });
}

test('an administrator creates a clinic and a provider through the API', async () => {
  const clinic = await call(server.app, 'POST', '/api/admin/clinics', {
    auth: adminAuth,
    payload: { name: 'Camp North' },
  });
  expect(clinic.statusCode, clinic.body).toBe(201);
  expect(clinic.json()).toMatchObject({
    id: expect.any(String),
    name: 'Camp North',
    is_archived: false,
  });

  const created = await call(server.app, 'POST', '/api/admin/users', {
    auth: adminAuth,
    payload: {
      email: provider.email,
      password: provider.password,
      name: 'Nadia',
      role: 'provider',
      clinic_id: clinic.json<{ id: string }>().id,
      permissions: { can_register_patients: true, can_edit_records: true },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const user = created.json<{ id: string }>();
  expect(user).toEqual({
    id: expect.any(String),
    email: provider.email,
    name: 'Nadia',
    role: 'provider',
    clinic_id: clinic.json<{ id: string }>().id,
  });
  provider.id = user.id;
});

test('the provider signs in with /api/auth/sign-in, /api/login and Basic auth', async () => {
  const signedIn = await providerSignIn('/api/auth/sign-in');
  expect(signedIn.statusCode).toBe(200);
  const body = signedIn.json<{ user: { id: string }; token: string; expires_at: string }>();
  expect(body.user).toMatchObject({ id: provider.id, email: provider.email, role: 'provider' });
  expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now());
  const me = await call(server.app, 'GET', '/api/auth/me', { auth: `Bearer ${body.token}` });
  expect(me.json()).toMatchObject({ id: provider.id, email: provider.email });

  const login = await providerSignIn('/api/login');
  expect(login.statusCode).toBe(200);
  expect(login.json()).toMatchObject({
    id: provider.id,
    email: provider.email,
    token: expect.any(String),
  });

  const basic = basicAuth(provider.email, provider.password);
  const pull = await call(server.app, 'GET', '/api/v2/sync?last_pulled_at=0', { auth: basic });
  expect(pull.statusCode, pull.body).toBe(200);
  // Their own row arrives with their email (others' go only to administrators: docs/scope.md).
  expect(
    pull.json<{ changes: { users: { created: { id: string }[] } } }>().changes.users.created,
  ).toContainEqual(expect.objectContaining({ id: provider.id, email: provider.email }));
  const meBasic = await call(server.app, 'GET', '/api/auth/me', { auth: basic });
  expect(meBasic.json()).toMatchObject({ id: provider.id });
});

test('a wrong password, no token, a bad token and Basic on a Bearer-only call get 401', async () => {
  expectError(await providerSignIn('/api/auth/sign-in', 'wrong password!'), 401, 'unauthorized');
  expectError(await providerSignIn('/api/login', 'wrong password!'), 401, 'unauthorized');
  const wrongBasic = basicAuth(provider.email, 'wrong password!');
  expectError(
    await call(server.app, 'GET', '/api/v2/sync', { auth: wrongBasic }),
    401,
    'unauthorized',
  );
  expectError(await call(server.app, 'GET', '/api/auth/me'), 401, 'unauthorized');
  expectError(await call(server.app, 'GET', '/api/v2/sync'), 401, 'unauthorized');
  expectError(
    await call(server.app, 'GET', '/api/auth/me', { auth: 'Bearer not-a-token' }),
    401,
    'unauthorized',
  );
  expectError(
    await call(server.app, 'POST', '/api/admin/clinics', { payload: { name: 'X' } }),
    401,
    'unauthorized',
  );
  const adminBasic = basicAuth(server.admin.email, server.admin.password);
  expectError(
    await call(server.app, 'POST', '/api/admin/clinics', {
      auth: adminBasic,
      payload: { name: 'X' },
    }),
    401,
    'unauthorized',
  );
});

test('a signed-out token and an expired token stop working', async () => {
  const signedIn = await providerSignIn('/api/auth/sign-in');
  const auth = `Bearer ${signedIn.json<{ token: string }>().token}`;
  const out = await call(server.app, 'POST', '/api/auth/sign-out', { auth });
  expect(out.statusCode).toBe(204);
  expectError(await call(server.app, 'GET', '/api/auth/me', { auth }), 401, 'unauthorized');
  expectError(await call(server.app, 'POST', '/api/auth/sign-out', { auth }), 401, 'unauthorized');

  const fresh = await providerSignIn('/api/auth/sign-in');
  const token = fresh.json<{ token: string }>().token;
  expect(
    (await call(server.app, 'GET', '/api/auth/me', { auth: `Bearer ${token}` })).statusCode,
  ).toBe(200);
  await server.database.db.query(
    "UPDATE auth_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
    [hashToken(token)],
  );
  expectError(
    await call(server.app, 'GET', '/api/auth/me', { auth: `Bearer ${token}` }),
    401,
    'unauthorized',
  );
});

test('a non-administrator calling an administration route gets 403', async () => {
  const auth = await signIn(server.app, provider.email, provider.password);
  const calls = [
    call(server.app, 'POST', '/api/admin/clinics', { auth, payload: { name: 'Mine' } }),
    call(server.app, 'POST', '/api/admin/users', { auth, payload: {} }),
    call(server.app, 'PATCH', `/api/admin/users/${provider.id}`, {
      auth,
      payload: { role: 'admin' },
    }),
    call(server.app, 'POST', '/api/admin/event-forms', { auth, payload: {} }),
    call(server.app, 'POST', '/api/admin/registration-forms', { auth, payload: {} }),
    call(server.app, 'GET', '/api/admin/conflicts', { auth }),
    call(server.app, 'GET', '/api/admin/sync-log', { auth }),
  ];
  for (const response of await Promise.all(calls)) expectError(response, 403, 'forbidden');
  const me = await call(server.app, 'GET', '/api/auth/me', { auth });
  expect(me.json()).toMatchObject({ role: 'provider' });
});

test('no answer and no log line holds a password, a hash or a token it did not issue', async () => {
  const hashes = await server.database.db.query<{ h: string }>(
    'SELECT password_hash AS h FROM credentials',
  );
  expect(answers.length).toBeGreaterThan(20);
  expectNoSecrets(answers, logLines, [
    provider.password,
    server.admin.password,
    ...hashes.map((r) => r.h),
  ]);
  // Basic credentials travel base64-encoded: they must not be logged either.
  const basicPrefix = Buffer.from(`${provider.email}:`).toString('base64').slice(0, 16);
  expect(logLines.join('')).not.toContain(basicPrefix);
});

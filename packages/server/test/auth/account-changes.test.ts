import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { answers, basicAuth, call, expectError, signIn } from '../admin/admin-calls.js';
import { expectNoSecrets, memoryLogger } from './secret-watch.js';

// An administrator disables a user or sets a new password: the old
// credentials stop working at once, whichever way the device sends them.

const { logger, lines: logLines } = memoryLogger();
let server: TestServer;
let adminAuth: string;
const provider = { email: 'omar.provider@clinic.test', password: 'first secret phrase', id: '' };
const firstPassword = provider.password;

beforeAll(async () => {
  answers.length = 0;
  server = await startTestServer({ logger, failedAuthLimit: { max: 1000, windowMs: 60_000 } });
  adminAuth = await signIn(server.app, server.admin.email, server.admin.password);
  const created = await call(server.app, 'POST', '/api/admin/users', {
    auth: adminAuth,
    payload: {
      email: provider.email,
      password: provider.password,
      name: 'Omar',
      role: 'provider',
      clinic_id: server.clinicId,
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  provider.id = created.json<{ id: string }>().id;
});
afterAll(() => server.close());

function providerSignIn(url: '/api/auth/sign-in' | '/api/login', password = provider.password) {
  return call(server.app, 'POST', url, { payload: { email: provider.email, password } });
}

test('disabling a user stops its tokens and Basic auth at once; enabling lets it sign in again', async () => {
  const auth = `Bearer ${(await providerSignIn('/api/auth/sign-in')).json<{ token: string }>().token}`;
  const basic = basicAuth(provider.email, provider.password);
  // Warm the Basic cache: a disabled account must not ride on it.
  expect((await call(server.app, 'GET', '/api/v2/sync', { auth: basic })).statusCode).toBe(200);

  const disabled = await call(server.app, 'PATCH', `/api/admin/users/${provider.id}`, {
    auth: adminAuth,
    payload: { disabled: true },
  });
  expect(disabled.statusCode, disabled.body).toBe(200);
  expect(disabled.json()).toMatchObject({ id: provider.id, disabled: true });
  expectError(await call(server.app, 'GET', '/api/auth/me', { auth }), 401, 'unauthorized');
  expectError(await call(server.app, 'GET', '/api/v2/sync', { auth: basic }), 401, 'unauthorized');
  expectError(await call(server.app, 'GET', '/api/auth/me', { auth: basic }), 401, 'unauthorized');
  expectError(await providerSignIn('/api/auth/sign-in'), 401, 'unauthorized');

  const enabled = await call(server.app, 'PATCH', `/api/admin/users/${provider.id}`, {
    auth: adminAuth,
    payload: { disabled: false },
  });
  expect(enabled.json()).toMatchObject({ disabled: false });
  expect((await call(server.app, 'GET', '/api/v2/sync', { auth: basic })).statusCode).toBe(200);
  // Revoked is revoked: re-enabling does not bring old tokens back.
  expectError(await call(server.app, 'GET', '/api/auth/me', { auth }), 401, 'unauthorized');
  expect((await providerSignIn('/api/auth/sign-in')).statusCode).toBe(200);
});

test('a new password: the old one stops working (sign-in, Basic, tokens), the new one works', async () => {
  const oldBasic = basicAuth(provider.email, provider.password);
  const oldToken = `Bearer ${(await providerSignIn('/api/auth/sign-in')).json<{ token: string }>().token}`;
  expect((await call(server.app, 'GET', '/api/v2/sync', { auth: oldBasic })).statusCode).toBe(200);

  const changed = await call(server.app, 'PATCH', `/api/admin/users/${provider.id}`, {
    auth: adminAuth,
    payload: { password: 'a brand new secret' },
  });
  expect(changed.statusCode, changed.body).toBe(200);
  const oldPassword = provider.password;
  provider.password = 'a brand new secret';

  expectError(await providerSignIn('/api/auth/sign-in', oldPassword), 401, 'unauthorized');
  expectError(
    await call(server.app, 'GET', '/api/v2/sync', { auth: oldBasic }),
    401,
    'unauthorized',
  );
  expectError(
    await call(server.app, 'GET', '/api/auth/me', { auth: oldToken }),
    401,
    'unauthorized',
  );
  expect((await providerSignIn('/api/auth/sign-in')).statusCode).toBe(200);
  const newBasic = basicAuth(provider.email, provider.password);
  expect((await call(server.app, 'GET', '/api/v2/sync', { auth: newBasic })).statusCode).toBe(200);
  const [credentials] = await server.database.db.query<{ changed_at: Date }>(
    'SELECT changed_at FROM credentials WHERE user_id = $1',
    [provider.id],
  );
  expect(Date.now() - new Date(credentials!.changed_at).getTime()).toBeLessThan(60_000);
});

test('no answer and no log line holds a password, a hash or a token it did not issue', async () => {
  const hashes = await server.database.db.query<{ h: string }>(
    'SELECT password_hash AS h FROM credentials',
  );
  expectNoSecrets(answers, logLines, [
    firstPassword,
    provider.password,
    server.admin.password,
    ...hashes.map((r) => r.h),
  ]);
});

import { afterEach, expect, test } from 'vitest';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { basicAuth, call, expectError } from '../admin/admin-calls.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

test('repeated failed sign-ins get 429 with Retry-After, even for the right password then', async () => {
  server = await startTestServer({ failedAuthLimit: { max: 3, windowMs: 60_000 } });
  const { email, password } = server.admin;
  const attempt = (pw: string) =>
    call(server!.app, 'POST', '/api/auth/sign-in', { payload: { email, password: pw } });
  for (let i = 0; i < 3; i++) expectError(await attempt(`guess number ${i}`), 401, 'unauthorized');

  const refused = await attempt('guess number 4');
  expectError(refused, 429, 'too_many_requests');
  const retryAfter = Number(refused.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  // Refused before the password is checked, so guessing learns nothing.
  expectError(await attempt(password), 429, 'too_many_requests');
  // Failed Basic and Bearer attempts count against the same address.
  expectError(
    await call(server.app, 'GET', '/api/v2/sync', { auth: basicAuth(email, password) }),
    429,
    'too_many_requests',
  );
});

test('failed Basic auth on the sync endpoint is limited too', async () => {
  server = await startTestServer({ failedAuthLimit: { max: 2, windowMs: 60_000 } });
  const wrong = basicAuth(server.admin.email, 'not the password');
  expectError(await call(server.app, 'GET', '/api/v2/sync', { auth: wrong }), 401, 'unauthorized');
  expectError(await call(server.app, 'GET', '/api/v2/sync', { auth: wrong }), 401, 'unauthorized');
  const refused = await call(server.app, 'GET', '/api/v2/sync', { auth: wrong });
  expectError(refused, 429, 'too_many_requests');
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
});

test('sign-in calls are rate limited per address even when they succeed', async () => {
  server = await startTestServer({ signInRateLimit: { max: 2, timeWindow: 60_000 } });
  const { email, password } = server.admin;
  const attempt = () => call(server!.app, 'POST', '/api/login', { payload: { email, password } });
  expect((await attempt()).statusCode).toBe(200);
  expect((await attempt()).statusCode).toBe(200);
  const refused = await attempt();
  expectError(refused, 429, 'too_many_requests');
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
});

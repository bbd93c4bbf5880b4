import { afterEach, expect, test } from 'vitest';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { basicAuth, call, expectError, signIn } from '../admin/admin-calls.js';

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

/** A call from its own client address, as seen by the limits. */
function from(
  address: string,
  method: 'GET' | 'POST',
  url: string,
  options: { auth?: string; payload?: object } = {},
) {
  return server!.app.inject({
    method,
    url,
    remoteAddress: address,
    headers: options.auth ? { authorization: options.auth } : {},
    ...(options.payload ? { payload: options.payload } : {}),
  });
}

test('failed passwords for one account from many addresses lock the password, not the tokens', async () => {
  // Defaults: 10 failures per account in 15 minutes, 30 per address.
  server = await startTestServer();
  const provider = await server.addUser('provider');
  const bearer = await signIn(server.app, provider.email, provider.password);
  const signInFrom = (address: string, email: string, password: string) =>
    from(address, 'POST', '/api/auth/sign-in', { payload: { email, password } });

  for (let i = 0; i < 10; i++) {
    expectError(
      await signInFrom(`198.51.100.${i}`, provider.email, `guess ${i}`),
      401,
      'unauthorized',
    );
  }
  // An eleventh address, the right password: refused before it is checked.
  const refused = await signInFrom('198.51.100.99', provider.email, provider.password);
  expectError(refused, 429, 'too_many_requests');
  const retryAfter = Number(refused.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  // The email in another case is the same account.
  expectError(
    await signInFrom('198.51.100.98', provider.email.toUpperCase(), provider.password),
    429,
    'too_many_requests',
  );
  expectError(
    await from('198.51.100.97', 'GET', '/api/v2/sync?last_pulled_at=0', {
      auth: basicAuth(provider.email, provider.password),
    }),
    429,
    'too_many_requests',
  );
  // Tokens the owner already holds go on working, from any address.
  expect((await from('198.51.100.0', 'GET', '/api/auth/me', { auth: bearer })).statusCode).toBe(
    200,
  );
  expect(
    (await from('203.0.113.7', 'GET', '/api/v2/sync?last_pulled_at=0', { auth: bearer }))
      .statusCode,
  ).toBe(200);
  // Other accounts are not touched, even from an address that guessed.
  expect(
    (await signInFrom('198.51.100.0', server.admin.email, server.admin.password)).statusCode,
  ).toBe(200);
});

test('an unknown email is answered exactly like an existing account, lock included', async () => {
  server = await startTestServer();
  const answers: number[] = [];
  for (let i = 0; i < 11; i++) {
    const answer = await from(`198.51.100.${i}`, 'POST', '/api/auth/sign-in', {
      payload: { email: 'nobody@clinic.test', password: `guess ${i}` },
    });
    answers.push(answer.statusCode);
  }
  expect(answers).toEqual([...Array<number>(10).fill(401), 429]);
});

test('a valid token is served from an address over its failure limit', async () => {
  server = await startTestServer({ failedAuthLimit: { max: 2, windowMs: 60_000 } });
  const bearer = await signIn(server.app, server.admin.email, server.admin.password);
  const wrong = basicAuth(server.admin.email, 'not the password');
  for (let i = 0; i < 2; i++) {
    expectError(
      await from('192.0.2.10', 'GET', '/api/v2/sync', { auth: wrong }),
      401,
      'unauthorized',
    );
  }
  expectError(
    await from('192.0.2.10', 'GET', '/api/v2/sync', { auth: wrong }),
    429,
    'too_many_requests',
  );
  expect((await from('192.0.2.10', 'GET', '/api/auth/me', { auth: bearer })).statusCode).toBe(200);
  // A made-up token from there is still refused by the limit.
  expectError(
    await from('192.0.2.10', 'GET', '/api/auth/me', { auth: 'Bearer not-a-token' }),
    429,
    'too_many_requests',
  );
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test('answers carry security headers and no cross-origin grant', async () => {
  const response = await server.app.inject({
    method: 'GET',
    url: '/api/health',
    headers: { origin: 'https://evil.example' },
  });
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  // Plain HTTP: HSTS goes out over HTTPS only (hsts.test.ts).
  expect(response.headers['strict-transport-security']).toBeUndefined();
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  // The web app is served from the same origin: no CORS grant to anyone else.
  expect(response.headers['access-control-allow-origin']).toBeUndefined();
  expect(response.headers['x-powered-by']).toBeUndefined();
});

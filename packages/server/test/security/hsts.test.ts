import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';

// HSTS goes out over HTTPS only. inject() is plain HTTP from 127.0.0.1; a TLS
// proxy's X-Forwarded-Proto counts only when that proxy is trusted. The
// server's own TLS is tested through `clinicsync serve --tls-cert`.
let plain: TestServer;
let behindProxy: TestServer;
beforeAll(async () => {
  plain = await startTestServer();
  behindProxy = await startTestServer({ trustProxy: '127.0.0.1' });
});
afterAll(async () => {
  await plain.close();
  await behindProxy.close();
});

const https = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };

test('plain HTTP answers carry no Strict-Transport-Security, forwarded headers or not', async () => {
  for (const headers of [{}, https]) {
    for (const url of ['/api/health', '/api/nowhere', '/']) {
      const response = await plain.app.inject({ method: 'GET', url, headers });
      expect(response.headers['strict-transport-security'], url).toBeUndefined();
    }
  }
});

test('behind a trusted TLS proxy, answers carry HSTS and the client address is the forwarded one', async () => {
  let ip = '';
  behindProxy.app.addHook('onResponse', async (request) => {
    ip = request.ip;
  });
  const response = await behindProxy.app.inject({
    method: 'GET',
    url: '/api/health',
    headers: https,
  });
  expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  expect(ip).toBe('203.0.113.7');
  const missing = await behindProxy.app.inject({
    method: 'GET',
    url: '/api/nowhere',
    headers: https,
  });
  expect(missing.statusCode).toBe(404);
  expect(missing.headers['strict-transport-security']).toMatch(/max-age=31536000/);

  const viaHttp = await behindProxy.app.inject({
    method: 'GET',
    url: '/api/health',
    headers: { 'x-forwarded-proto': 'http' },
  });
  expect(viaHttp.headers['strict-transport-security']).toBeUndefined();
});

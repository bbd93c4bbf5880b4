import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { startProxy } from '@clinicsync/testing/proxy';
import type { ProxyRule, TestProxy } from '@clinicsync/testing/proxy';
import type { ClinicSyncError } from '../src/node.js';
import { openTestDevice } from './support/devices.js';

let server: TestServer;
let user: TestUser;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  user = await server.addUser('provider', allPermissions);
});
afterAll(async () => {
  for (const item of open.reverse()) await item.close();
  await server?.close();
});

async function behind(rule: ProxyRule): Promise<TestProxy> {
  const proxy = await startProxy(server.url, rule);
  open.push(proxy);
  return proxy;
}

const unavailable = { status: 503 };

describe('retries', () => {
  test('503 on pulls, 408 and 429 with Retry-After on a push are waited out', async () => {
    const proxy = await behind((r) => {
      if (r.method === 'GET' && r.index < 2) return unavailable;
      if (r.method === 'POST' && r.index === 0)
        return { status: 429, headers: { 'retry-after': '1' } };
      if (r.method === 'POST' && r.index === 1) return { status: 408 };
      return undefined;
    });
    const device = await openTestDevice(proxy, user);
    open.push(device);
    await device.store.create('patients', { id: 'retry-p1', primary_clinic_id: server.clinicId });
    const startedAt = Date.now();
    const report = await device.engine.sync();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);
    expect(report.pushed.patients).toEqual({ created: 1, updated: 0, deleted: 0 });
    expect(proxy.requests.map((r) => r.method)).toEqual([
      'GET',
      'GET',
      'GET',
      'POST',
      'POST',
      'POST',
    ]);
    const deviceId = await device.engine.deviceId();
    expect(proxy.requests.map((r) => r.headers['x-device-id'])).toEqual(Array(6).fill(deviceId));
  });

  test('a server that keeps failing: the sync fails with `server` once the retries are spent', async () => {
    const proxy = await behind(() => ({ status: 500 }));
    const device = await openTestDevice(proxy, user, { retry: { retries: 2, baseDelayMs: 1 } });
    open.push(device);
    const error = (await device.engine.sync().catch((e: unknown) => e)) as ClinicSyncError;
    expect(error).toMatchObject({ code: 'server', status: 500, transient: true });
    expect(proxy.requests).toHaveLength(3);
  });

  test('a Retry-After longer than the device will wait fails at once with too_many_requests', async () => {
    const proxy = await behind(() => ({ status: 429, headers: { 'retry-after': '3600' } }));
    const device = await openTestDevice(proxy, user);
    open.push(device);
    const error = (await device.engine.sync().catch((e: unknown) => e)) as ClinicSyncError;
    expect(error.code).toBe('too_many_requests');
    expect(error.details).toMatchObject({ retryAfterMs: 3_600_000 });
    expect(proxy.requests).toHaveLength(1);
  });

  test('wrong credentials are not retried: unauthorized after one request', async () => {
    const proxy = await behind(() => undefined);
    const device = await openTestDevice(proxy, { email: user.email, password: 'wrong password' });
    open.push(device);
    const error = (await device.engine.sync().catch((e: unknown) => e)) as ClinicSyncError;
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, transient: false });
    expect(error.message).toContain('Sign in again.');
    expect(proxy.requests).toHaveLength(1);
  });

  test('a push the server refuses whole is invalid_push with its problems, and is not retried', async () => {
    const proxy = await behind(() => undefined);
    const device = await openTestDevice(proxy, user);
    open.push(device);
    await device.store.create('patients', { id: 'retry-bad', primary_clinic_id: server.clinicId });
    // Only a damaged database holds a value the store would refuse.
    device.driver.database
      .prepare("UPDATE patients SET metadata = '{not json' WHERE id = 'retry-bad'")
      .run();
    const error = (await device.engine.sync().catch((e: unknown) => e)) as ClinicSyncError;
    expect(error.code).toBe('invalid_push');
    expect(error.details).toMatchObject({
      serverDetails: {
        problems: [
          {
            table: 'patients',
            id: 'retry-bad',
            column: 'metadata',
            problem: 'must hold valid JSON text',
          },
        ],
      },
    });
    expect(proxy.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(await device.store.syncStatus('patients', 'retry-bad')).toBe('created');
  });
});

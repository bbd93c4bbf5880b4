import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { startProxy } from '@clinicsync/testing/proxy';
import type { NodeDevice } from '../src/node.js';
import { deviceContents, openTestDevice } from './support/devices.js';
import { startSeededServer } from './support/seeded-server.js';

let server: TestServer;
let user: TestUser;
let reference: Record<string, unknown[]>;
const pageSize = 40;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  let seeder: NodeDevice;
  ({ server, user, seeder } = await startSeededServer(100));
  open.push(seeder);
  reference = await deviceContents(seeder);
});
afterAll(async () => {
  for (const item of open.reverse()) await item.close();
  await server?.close();
});

function meta(device: NodeDevice): Record<string, string> {
  const rows = device.driver.database.prepare('SELECT key, value FROM _clinicsync_meta').all() as {
    key: string;
    value: string;
  }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

function localRows(device: NodeDevice): number {
  return ['patients', 'visits', 'events', 'clinics', 'users', 'user_clinic_permissions']
    .map(
      (t) =>
        (device.driver.database.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number })
          .n,
    )
    .reduce((a, b) => a + b, 0);
}

describe('resume', () => {
  test('a sync stopped between pages continues from the stored next', async () => {
    const proxy = await startProxy(server.url);
    const device = await openTestDevice(proxy, user, { pageSize });
    open.push(proxy, device);
    const controller = new AbortController();
    const stop = device.engine.onProgress((p) => {
      if (p.pages === 3) controller.abort();
    });
    const failure = await device.engine
      .sync({ signal: controller.signal })
      .catch((e: unknown) => e);
    stop();
    expect(failure).toMatchObject({ code: 'aborted' });
    const stored = meta(device);
    expect(stored).toMatchObject({
      pull_since: '0',
      pull_pages: '3',
      pull_rows: String(3 * pageSize),
    });
    expect(stored['last_pulled_at']).toBeUndefined();
    // No half page: what the device holds is exactly the three pages the position covers.
    expect(localRows(device)).toBe(3 * pageSize);

    const requestsBefore = proxy.requests.length;
    const report = await device.engine.sync();
    expect(report.resumed).toBe(true);
    expect(proxy.requests[requestsBefore]?.url.searchParams.get('next')).toBe(stored['pull_next']);
    // Only what the first three pages did not bring is pulled again.
    const pulled = Object.values(report.pulled).reduce((sum, c) => sum + c.created + c.updated, 0);
    const total = Object.values(reference).reduce((sum, rows) => sum + rows.length, 0);
    expect(pulled).toBe(total - 3 * pageSize);
    expect(await deviceContents(device)).toEqual(reference);
    expect(meta(device)).not.toHaveProperty('pull_next');
    expect(Number(meta(device)['last_pulled_at'])).toBe(report.lastPulledAt);
  });

  test('a stored position the server no longer accepts starts the pull again', async () => {
    const device = await openTestDevice(server, user, { pageSize });
    open.push(device);
    const controller = new AbortController();
    device.engine.onProgress((p) => {
      if (p.pages === 2) controller.abort();
    });
    await expect(device.engine.sync({ signal: controller.signal })).rejects.toMatchObject({
      code: 'aborted',
    });
    device.driver.database
      .prepare("UPDATE _clinicsync_meta SET value = 'not-a-token' WHERE key = 'pull_next'")
      .run();
    const report = await device.engine.sync();
    expect(report.resumed).toBe(false);
    expect(await deviceContents(device)).toEqual(reference);
  });
});

import { syncedTablesParentFirst } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { startProxy } from '@clinicsync/testing/proxy';
import type { ClinicSyncError } from '../src/node.js';
import { deviceContents, openTestDevice } from './support/devices.js';
import { startResettingFront } from './support/resetting-front.js';
import { seedRecords } from './support/seed-records.js';

let server: TestServer;
let small: TestServer;
let user: TestUser;
let smallUser: TestUser;
const open: { close(): Promise<void> }[] = [];
const tableOrder: string[] = syncedTablesParentFirst.map((t) => t.name);

beforeAll(async () => {
  [server, small] = await Promise.all([startTestServer(), startTestServer({ maxBodyMb: 0.02 })]);
  await server.listen();
  await small.listen();
  user = await server.addUser('provider', allPermissions);
  smallUser = await small.addUser('provider', allPermissions);
});
afterAll(async () => {
  for (const item of open.reverse()) await item.close();
  await server?.close();
  await small?.close();
});

describe('pushes split by size', () => {
  test('a push larger than maxPushBytes goes as several, each within it, parents first', async () => {
    const proxy = await startProxy(server.url);
    const device = await openTestDevice(proxy, user, { maxPushBytes: 16_000 });
    open.push(proxy, device);
    await seedRecords(device.store, server.clinicId, 150, 'split');
    const report = await device.engine.sync();
    const posts = proxy.requests.filter((r) => r.method === 'POST');
    expect(report.pushes).toBe(posts.length);
    expect(posts.length).toBeGreaterThan(5);
    let lastTable = 0;
    for (const post of posts) {
      expect(post.body.length).toBeLessThanOrEqual(16_000);
      const body = JSON.parse(post.body.toString()) as { changes: Record<string, unknown> };
      for (const table of Object.keys(body.changes)) {
        expect(tableOrder.indexOf(table)).toBeGreaterThanOrEqual(lastTable);
        lastTable = tableOrder.indexOf(table);
      }
    }
    expect(report.pushed).toMatchObject({
      patients: { created: 150 },
      visits: { created: 150 },
      events: { created: 150 },
    });
    const other = await openTestDevice(server, user);
    open.push(other);
    await other.engine.sync();
    expect(await deviceContents(other)).toEqual(await deviceContents(device));
  });

  test('a server that takes less (413) gets the push in halves until it fits', async () => {
    const device = await openTestDevice(small, smallUser);
    open.push(device);
    await seedRecords(device.store, small.clinicId, 60, 'half');
    const report = await device.engine.sync();
    expect(report.pushes).toBeGreaterThan(2);
    expect(report.pushed).toMatchObject({ patients: { created: 60 }, events: { created: 60 } });
    expect(await device.store.unsyncedCounts()).toEqual({});
  });

  test('a connection reset while a big push is sent splits it as a 413 would', async () => {
    // A front that resets any request declaring over 1.5 MB, answering nothing:
    // a 3.6 MB push goes again in halves, not as it was until retries run out.
    const front = await startResettingFront(server.url, 1.5 * 1024 * 1024);
    const device = await openTestDevice(front, user, {
      retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 10 },
    });
    open.push(front, device);
    await device.store.transaction(async (tx) => {
      for (let i = 0; i < 120; i++) {
        await tx.create('patients', {
          id: `reset-p${i}`,
          primary_clinic_id: server.clinicId,
          additional_data: JSON.stringify({ note: 'n'.repeat(30_000) }),
        });
      }
    });
    const report = await device.engine.sync();
    expect(front.resets.length).toBeGreaterThan(0);
    expect(Math.max(...front.passed)).toBeLessThanOrEqual(1.5 * 1024 * 1024);
    expect(report.pushed).toMatchObject({ patients: { created: 120 } });
    expect(await device.store.unsyncedCounts()).toEqual({});
    const [stored] = await server.database.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM patients WHERE id LIKE 'reset-p%'",
    );
    expect(stored?.n).toBe(120);
  });

  test('a single record over the server limit is payload_too_large, naming it', async () => {
    const device = await openTestDevice(small, smallUser);
    open.push(device);
    await device.store.create('patients', {
      id: 'huge',
      primary_clinic_id: small.clinicId,
      additional_data: JSON.stringify({ note: 'x'.repeat(30_000) }),
    });
    const error = (await device.engine.sync().catch((e: unknown) => e)) as ClinicSyncError;
    expect(error).toMatchObject({
      code: 'payload_too_large',
      details: { table: 'patients', id: 'huge' },
    });
    expect(error.message).toContain('patients huge is larger than the server accepts');
  });
});

describe('mark as synced', () => {
  test('records changed while their push was in flight stay pending and go with the next sync', async () => {
    let hook: (() => Promise<void>) | undefined;
    const device = await openTestDevice(server, user, {
      fetch: async (input, init) => {
        if (init?.method === 'POST' && hook) {
          const run = hook;
          hook = undefined;
          await run();
        }
        return fetch(input, init);
      },
    });
    open.push(device);
    const { store } = device;
    const primary_clinic_id = server.clinicId;
    await store.create('patients', { id: 'mark-edit', given_name: 'Before', primary_clinic_id });
    await store.create('patients', { id: 'mark-gone', given_name: 'Gone', primary_clinic_id });
    await store.create('patients', { id: 'mark-same', given_name: 'Same', primary_clinic_id });
    hook = async () => {
      await store.update('patients', 'mark-edit', { given_name: 'After' });
      await store.delete('patients', 'mark-gone');
    };
    const first = await device.engine.sync();
    expect(first.pushed.patients).toEqual({ created: 3, updated: 0, deleted: 0 });
    expect(await store.syncStatus('patients', 'mark-same')).toBe('synced');
    expect(await store.syncStatus('patients', 'mark-edit')).toBe('created');
    // The server has it now, so the delete must still be pushed: a tombstone was put back.
    expect(await store.syncStatus('patients', 'mark-gone')).toBe('deleted');

    const second = await device.engine.sync();
    expect(second.pushed.patients).toEqual({ created: 1, updated: 0, deleted: 1 });
    expect(await store.unsyncedCounts()).toEqual({});
    const rows = await server.database.db.query<{
      id: string;
      given_name: string;
      _deleted: boolean;
    }>("SELECT id, given_name, _deleted FROM patients WHERE id LIKE 'mark-%' ORDER BY id");
    expect(rows).toEqual([
      { id: 'mark-edit', given_name: 'After', _deleted: false },
      { id: 'mark-gone', given_name: 'Gone', _deleted: true },
      { id: 'mark-same', given_name: 'Same', _deleted: false },
    ]);
  });
});

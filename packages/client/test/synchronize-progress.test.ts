import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import type { NodeDevice, SyncProgress } from '../src/node.js';
import { openTestDevice } from './support/devices.js';
import { startSeededServer } from './support/seeded-server.js';

// Honest progress: the first page's estimate gives the pull's total at
// once, the count reaches it exactly with the last page (nothing was written
// meanwhile), and a pull resumed after a stop counts only what it has left.
let server: TestServer;
let user: TestUser;
let total = 0;
const pageSize = 40;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  let seeder: NodeDevice;
  ({ server, user, seeder } = await startSeededServer(100));
  open.push(seeder);
  const first = await openTestDevice(server, user, { pageSize: 50_000 });
  open.push(first);
  const report = await first.engine.sync();
  total = Object.values(report.pulled).reduce((n, c) => n + c.created + c.updated + c.deleted, 0);
});
afterAll(async () => {
  for (const item of open.reverse()) await item.close();
  await server?.close();
});

describe('sync progress', () => {
  test('knows the total from the first page and reaches it with the last', async () => {
    const device = await openTestDevice(server, user, { pageSize });
    open.push(device);
    const seen: SyncProgress[] = [];
    device.engine.onProgress((p) => seen.push(p));
    await device.engine.sync();
    const pulling = seen.filter((p) => p.phase === 'pull' && p.pages > 0);
    expect(pulling.length).toBe(Math.ceil(total / pageSize));
    for (const p of pulling) expect(p.pullTotal).toBe(total);
    // Before the last page the count stays short of the total, and the last reaches it.
    expect(pulling.slice(0, -1).every((p) => p.pulled < total)).toBe(true);
    expect(pulling.at(-1)!.pulled).toBe(total);
    expect(pulling.at(-1)!.pullSecondsLeft).toBe(0);
    const bytes = pulling.at(-1)!.pulledBytes;
    expect(pulling.map((p) => p.pulledBytes)).toEqual(
      [...pulling.map((p) => p.pulledBytes)].sort((a, b) => a - b),
    );
    expect(pulling.at(-1)!.pullBytesTotal! / bytes).toBeGreaterThan(0.75);
    expect(pulling.at(-1)!.pullBytesTotal! / bytes).toBeLessThan(1.25);
    expect(seen.at(-1)!.phase).toBe('done');
  });

  test('a resumed pull counts what it has left', async () => {
    const device = await openTestDevice(server, user, { pageSize });
    open.push(device);
    const controller = new AbortController();
    const stop = device.engine.onProgress((p) => {
      if (p.pages === 2) controller.abort();
    });
    await expect(device.engine.sync({ signal: controller.signal })).rejects.toMatchObject({
      code: 'aborted',
    });
    stop();
    const seen: SyncProgress[] = [];
    device.engine.onProgress((p) => seen.push(p));
    const report = await device.engine.sync();
    expect(report.resumed).toBe(true);
    const pulling = seen.filter((p) => p.phase === 'pull' && p.pages > 0);
    for (const p of pulling) expect(p.pullTotal).toBe(total - 2 * pageSize);
    expect(pulling.at(-1)!.pulled).toBe(total - 2 * pageSize);
  });

  test('a sync with nothing new has nothing to count', async () => {
    const device = await openTestDevice(server, user, { pageSize });
    open.push(device);
    await device.engine.sync();
    const seen: SyncProgress[] = [];
    device.engine.onProgress((p) => seen.push(p));
    await device.engine.sync();
    const pulling = seen.filter((p) => p.phase === 'pull' && p.pages > 0);
    expect(pulling.map((p) => [p.pulled, p.pullTotal])).toEqual([[0, 0]]);
  });
});

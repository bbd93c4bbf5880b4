import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeDevice } from '@clinicsync/client/node';
import type { SyncAuth } from '@clinicsync/client/node';
import { seedDatabase } from '@clinicsync/server';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { compareContents, countRecords, readDeviceContents } from './lib/device-contents.js';
import type { DeviceContents } from './lib/device-contents.js';
import { pullFigures } from './lib/pull-exchanges.js';
import { syncUntilComplete } from './lib/sync-until-complete.js';
import { startThrottlingProxy } from './lib/throttling-proxy.js';
import { watchProgress } from './lib/watch-progress.js';

const pageSize = 100;
let server: TestServer;
let auth: SyncAuth;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  const seeded = await seedDatabase(server.database.db, { seed: 2, clinics: 1, patients: 60 });
  const provider = seeded.users.find((u) => u.role === 'provider')!;
  auth = { type: 'basic', email: provider.email, password: seeded.password };
  await server.listen();
  dir = mkdtempSync(join(tmpdir(), 'clinicsync-bad-link-'));
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function device(file: string, serverUrl: string) {
  return openNodeDevice({
    file: join(dir, file),
    serverUrl,
    auth,
    pageSize,
    // Every cut fails its sync: the next sync must go on from the last applied page.
    retry: { retries: 0 },
  });
}

async function directContents(): Promise<{ contents: DeviceContents; pages: number }> {
  const direct = await device('direct.db', server.url);
  try {
    const report = await direct.engine.sync();
    return { contents: await readDeviceContents(direct.driver), pages: report.pages };
  } finally {
    await direct.close();
  }
}

test('a first sync with 30% of answers cut completes after several syncs, each going on from the last page', async () => {
  const expected = await directContents();
  expect(expected.pages).toBeGreaterThan(4);
  const proxy = await startThrottlingProxy(server.url, {
    bitsPerSecond: 8_000_000,
    cutRate: 0.3,
    seed: 2,
  });
  const slow = await device('through-proxy.db', proxy.url);
  try {
    const watch = watchProgress();
    slow.engine.onProgress(watch.listener);
    const attempts = await syncUntilComplete(slow.engine, 50);
    const pull = pullFigures(proxy.exchanges);

    expect(attempts.completed).toBe(true);
    expect(proxy.count().cuts).toBeGreaterThan(1);
    expect(attempts.syncs).toBe(proxy.count().cuts + 1);
    expect(attempts.report!.resumed).toBe(true);
    // Restarting from the first page would ask for about syncs × pages.
    expect(pull.pages).toBe(expected.pages);
    expect(pull.pageRequests).toBeLessThan(attempts.syncs * pull.pages);
    expect(pull.refetched).toBe(pull.cutPages);
    expect(pull.wholeTwice).toBe(0);
    expect(watch.figures()).toMatchObject({ lastFraction: 1, backwards: 0 });

    const contents = await readDeviceContents(slow.driver);
    expect(countRecords(contents)).toBe(countRecords(expected.contents));
    expect(compareContents(contents, expected.contents)).toEqual([]);
  } finally {
    await slow.close();
    await proxy.close();
  }
});

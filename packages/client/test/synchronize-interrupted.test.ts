import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { startProxy } from '@clinicsync/testing/proxy';
import type { ProxyRule, TestProxy } from '@clinicsync/testing/proxy';
import type { NodeDevice } from '../src/node.js';
import { deviceContents, openTestDevice } from './support/devices.js';
import { startSeededServer } from './support/seeded-server.js';

// A pull cut anywhere (inside a page, between pages, an answer lost) ends
// with the same rows as an uninterrupted one.
let server: TestServer;
let user: TestUser;
let reference: Record<string, unknown[]>;
let referencePages: number;
const pageSize = 50;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  let seeder: NodeDevice;
  ({ server, user, seeder } = await startSeededServer(200));
  open.push(seeder);
  const proxy = await startProxy(server.url);
  open.push(proxy);
  const straight = await openTestDevice(proxy, user, { pageSize });
  open.push(straight);
  referencePages = (await straight.engine.sync()).pages;
  // The cut points below lie inside these (brotli) answers of about 600 to 1,000 bytes.
  expect(Math.min(...proxy.answerBytes.slice(0, -1))).toBeGreaterThan(550);
  reference = await deviceContents(straight);
  expect(reference['events']).toHaveLength(200);
});
afterAll(async () => {
  for (const item of open.reverse()) await item.close();
  await server?.close();
});

async function deviceBehind(
  rule: ProxyRule,
  retries = 5,
): Promise<{ device: NodeDevice; proxy: TestProxy }> {
  const proxy = await startProxy(server.url, rule);
  const device = await openTestDevice(proxy, user, {
    pageSize,
    retry: { retries, baseDelayMs: 5, maxDelayMs: 20 },
  });
  open.push(proxy, device);
  return { device, proxy };
}

describe('a pull cut by the network', () => {
  test.each([
    { page: 0, bytes: 1 },
    { page: 0, bytes: 540 },
    { page: 4, bytes: 300 },
    { page: 9, bytes: 500 },
  ])(
    'cut in page $page after $bytes bytes: retried, same rows as without the cut',
    async ({ page, bytes }) => {
      let cut = false;
      const { device, proxy } = await deviceBehind((request) => {
        if (request.method !== 'GET' || request.index !== page || cut) return undefined;
        cut = true;
        return { forward: true, cutAfterBytes: bytes };
      });
      const report = await device.engine.sync();
      expect(proxy.cuts).toHaveLength(1);
      expect(report.pages).toBe(referencePages);
      expect(await deviceContents(device)).toEqual(reference);
      // The page that was cut was asked for again with the same token.
      const gets = proxy.requests.filter((r) => r.method === 'GET');
      expect(gets[page + 1]?.url.search).toBe(gets[page]?.url.search);
    },
  );

  test('a drop between pages with no retries left: the next sync continues from the stored position', async () => {
    const { device, proxy } = await deviceBehind(
      (request) => (request.method === 'GET' && request.index === 4 ? { drop: true } : undefined),
      0,
    );
    const failure = await device.engine.sync().catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'network' });
    const stored = device.driver.database
      .prepare("SELECT value FROM _clinicsync_meta WHERE key = 'pull_next'")
      .get() as { value: string };
    expect(stored.value).toBeTruthy();
    // The failed request was the one for page 4; pages 0 to 3 are applied.
    expect(await device.store.count('patients')).toBeGreaterThan(0);

    proxy.rule = () => undefined;
    const report = await device.engine.sync();
    expect(report.resumed).toBe(true);
    const resumedGet = proxy.requests.filter((r) => r.method === 'GET')[5];
    expect(resumedGet?.url.searchParams.get('next')).toBe(stored.value);
    expect(await deviceContents(device)).toEqual(reference);
  });

  test('a push whose answer is lost is sent again, and the replay changes nothing', async () => {
    let cut = false;
    const { device, proxy } = await deviceBehind((request) => {
      if (request.method !== 'POST' || cut) return undefined;
      cut = true;
      return { forward: true, cutAfterBytes: 0 };
    });
    await device.engine.sync();
    await device.store.create('patients', {
      id: 'lost-answer',
      given_name: 'Twice',
      primary_clinic_id: server.clinicId,
    });
    const report = await device.engine.sync();
    expect(report.pushed.patients).toEqual({ created: 1, updated: 0, deleted: 0 });
    expect(proxy.cuts.map((r) => r.method)).toEqual(['POST']);
    expect(proxy.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(await device.store.syncStatus('patients', 'lost-answer')).toBe('synced');
    const history = await server.database.db.query(
      'SELECT * FROM change_history WHERE row_id = $1',
      ['lost-answer'],
    );
    expect(history).toHaveLength(1);
  });
});

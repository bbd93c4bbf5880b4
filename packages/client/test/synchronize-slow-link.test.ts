import { afterAll, beforeAll, expect, test } from 'vitest';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { deviceContents, openTestDevice } from './support/devices.js';
import type { NodeDevice } from '../src/node.js';
import { startSeededServer } from './support/seeded-server.js';

// On a slow link the SDK asks for smaller pages (pageSeconds), and still
// ends with everything. The link is a fetch that waits 1 ms for each row a
// pull page may hold: a page can never arrive faster than its limit allows,
// so what fits the target is known whatever the machine's speed.

let server: TestServer;
let user: TestUser;
let reference: Record<string, unknown[]>;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  let seeder: NodeDevice;
  ({ server, user, seeder } = await startSeededServer(700));
  open.push(seeder);
  const direct = await openTestDevice(server, user, { pageSize: 50_000 });
  open.push(direct);
  await direct.engine.sync();
  reference = await deviceContents(direct);
});
afterAll(async () => {
  for (const item of open.reverse()) await item.close();
  await server?.close();
});

/** A fetch over a link that takes 1 ms per row a pull page may hold; the limits asked, in order. */
function slowLink(): { fetch: typeof fetch; limits: number[] } {
  const limits: number[] = [];
  const slow: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const limit = url.searchParams.get('limit');
    if (url.pathname === '/api/v2/sync' && (init?.method ?? 'GET') === 'GET' && limit) {
      limits.push(Number(limit));
      await new Promise((resolve) => setTimeout(resolve, Number(limit)));
    }
    return fetch(input, init);
  };
  return { fetch: slow, limits };
}

/** A first sync in pages of up to 1,000 over the slow link: the limits it asked, once it ended with everything. */
async function syncOverSlowLink(pageSeconds: number): Promise<number[]> {
  const link = slowLink();
  const device = await openTestDevice(server, user, {
    pageSize: 1000,
    pageSeconds,
    fetch: link.fetch,
  });
  open.push(device);
  await device.engine.sync();
  expect(await deviceContents(device)).toEqual(reference);
  return link.limits;
}

test('pages shrink to fit the target on a slow link, and the device ends with everything', async () => {
  const limits = await syncOverSlowLink(0.25);
  // 1,000 rows took at least a second: at most 250 fit a quarter of one.
  expect(limits[0]).toBe(1000);
  expect(limits.length).toBeGreaterThan(4);
  expect(limits.slice(1).every((limit) => limit === 250)).toBe(true);
});

test('with pageSeconds 0 every page is as large as asked', async () => {
  expect(await syncOverSlowLink(0)).toEqual([1000, 1000, 1000]);
});

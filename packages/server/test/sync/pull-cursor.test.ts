import { afterAll, beforeAll, expect, test } from 'vitest';
import { pull, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import {
  allocatePull,
  findPreviousCursor,
  readWatermark,
} from '../../src/sync/pull/pull-cursor.js';
import { versionStep } from '../../src/sync/version.js';

// A pull's timestamp is claimed in one statement (the sequence's next number
// and the `pulls` row together): a cursor another pull took is skipped, a
// band used up is told apart from it, and nothing is written for either.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const pullRows = async () =>
  (await server.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pulls'))[0]!.n;

/** The cursor the sequence's next number makes above `watermark`. */
async function nextCandidate(watermark: number): Promise<number> {
  const [seq] = await server.database.db.query<{ last_value: number; is_called: boolean }>(
    'SELECT last_value, is_called FROM pull_seq',
  );
  const next = seq!.is_called ? seq!.last_value + 1 : seq!.last_value;
  return watermark + 1 + (next % (versionStep - 1));
}

test('a timestamp is claimed above the watermark and above the device’s previous cursor', async () => {
  const db = server.database.db;
  const watermark = await readWatermark(db);
  const point = await allocatePull(db, db, 0, server.admin.id, 'device-a');
  expect(point!.watermark).toBe(watermark);
  expect(point!.timestamp).toBeGreaterThan(watermark);
  expect(point!.timestamp).toBeLessThan(watermark + versionStep);
  expect(await findPreviousCursor(db, point!.timestamp)).toBe(0);

  const later = await allocatePull(db, db, point!.timestamp, server.admin.id, 'device-a');
  expect(later!.timestamp).toBeGreaterThan(point!.timestamp);
  expect(await findPreviousCursor(db, later!.timestamp)).toBe(point!.timestamp);
});

test('a cursor another pull holds is skipped for the next number', async () => {
  const db = server.database.db;
  const watermark = await readWatermark(db);
  const taken = await nextCandidate(watermark);
  await db.query(
    'INSERT INTO pulls (cursor, previous_cursor, user_id, device_id) VALUES ($1, 0, $2, $3)',
    [taken, server.admin.id, 'device-b'],
  );
  const point = await allocatePull(db, db, 0, server.admin.id, 'device-c');
  expect(point!.timestamp).not.toBe(taken);
  expect(point!.timestamp).toBeGreaterThan(watermark);
  const [owner] = await db.query<{ device_id: string }>(
    'SELECT device_id FROM pulls WHERE cursor = $1',
    [taken],
  );
  expect(owner!.device_id).toBe('device-b');
});

test('a band used up is reported, not retried into, and writes nothing', async () => {
  const db = server.database.db;
  const watermark = await readWatermark(db);
  const before = await pullRows();
  const candidate = await nextCandidate(watermark);
  const point = await allocatePull(db, db, watermark + versionStep - 1, server.admin.id, null);
  expect(point).toBeUndefined();
  expect(await pullRows()).toBe(before);
  // One number taken from the sequence: the band's end was seen at once.
  expect(await nextCandidate(watermark)).toBe(candidate + 1);
});

test('a device at the top of its band still gets an answer, above its cursor', async () => {
  const db = server.database.db;
  const watermark = await readWatermark(db);
  const top = watermark + versionStep - 1;
  await db.query(
    'INSERT INTO pulls (cursor, previous_cursor, user_id, device_id) VALUES ($1, 0, $2, $3)',
    [top, server.admin.id, 'device-d'],
  );
  const answer = await pull(server.app, { auth: server.admin.basic }, top);
  expect(answer.timestamp).toBeGreaterThan(top);
});

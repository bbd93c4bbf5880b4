import { afterAll, beforeAll, expect, test } from 'vitest';
import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { call, issuePaths, signIn } from './admin-calls.js';

let server: TestServer;
let auth: string;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  auth = await signIn(server.app, server.admin.email, server.admin.password);
  alice = await server.addUser('provider', allPermissions);
  bob = await server.addUser('provider', allPermissions);
});
afterAll(() => server.close());

interface Page<T> {
  readonly items: T[];
  readonly next: number | null;
}

/** Walks a list to its end, page by page, checking each page's size. */
async function readAll<T>(
  path: string,
  key: 'conflicts' | 'entries',
  limit: number,
): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  let before: number | null = null;
  do {
    const response = await call(
      server.app,
      'GET',
      `${path}?limit=${limit}${before ? `&before=${before}` : ''}`,
      {
        auth,
      },
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual([key, 'next']);
    pages.push({ items: body[key] as T[], next: body['next'] as number | null });
    before = pages.at(-1)!.next;
  } while (before !== null);
  return pages;
}

/**
 * Alice and Bob both edit one column of a patient; Bob's push, based on a
 * pull from before Alice's edit, is applied and Alice's value is logged.
 */
async function makeConflict(value: string) {
  const alicePhone = { auth: alice.basic, deviceId: 'alice-phone' };
  const bobTablet = { auth: bob.basic, deviceId: 'bob-tablet' };
  const patient = makeRow('patients', { hometown: 'Start', primary_clinic_id: server.clinicId });
  const a0 = await pull(server.app, alicePhone, 0);
  await push(server.app, alicePhone, a0.timestamp, {
    patients: { created: [asPushed(patient, 'created')] },
  });
  const b0 = await pull(server.app, bobTablet, 0);
  const a1 = await pull(server.app, alicePhone, a0.timestamp);
  await push(server.app, alicePhone, a1.timestamp, {
    patients: {
      updated: [asPushed({ ...patient, hometown: `Alice ${value}` }, 'updated', ['hometown'])],
    },
  });
  const pushed = await push(server.app, bobTablet, b0.timestamp, {
    patients: {
      updated: [asPushed({ ...patient, hometown: `Bob ${value}` }, 'updated', ['hometown'])],
    },
  });
  expect(pushed.body).toEqual({ ok: true });
  return patient.id;
}

test('the conflict log pages newest first, with both authors and devices', async () => {
  const startedAt = Date.now();
  const rowIds = [await makeConflict('1'), await makeConflict('2'), await makeConflict('3')];

  const pages = await readAll<Record<string, unknown>>('/api/admin/conflicts', 'conflicts', 2);
  expect(pages.map((p) => p.items.length)).toEqual([2, 1]);
  const conflicts = pages.flatMap((p) => p.items);
  expect(conflicts.map((c) => c['row_id'])).toEqual([...rowIds].reverse());
  expect(pages[0]!.next).toBe(conflicts[1]!['id']);
  expect(conflicts[0]).toEqual({
    id: expect.any(Number),
    table: 'patients',
    row_id: rowIds[2],
    column: 'hometown',
    kind: 'column',
    reason: null,
    clinic_id: expect.toBeOneOf([null, server.clinicId]),
    clinic_name: expect.toBeOneOf([null, 'Test clinic']),
    applied_value: 'Bob 3',
    replaced_value: 'Alice 3',
    applied_by: { user: bob.id, name: bob.name, device: 'bob-tablet' },
    replaced_by: { user: alice.id, name: alice.name, device: 'alice-phone' },
    at: expect.any(Number),
    resolved: null,
  });
  expect(conflicts[0]!['at']).toBeGreaterThanOrEqual(startedAt - 1000);
  expect(conflicts[0]!['at']).toBeLessThanOrEqual(Date.now() + 1000);

  // One page holding everything says there is no next page.
  const all = await call(server.app, 'GET', '/api/admin/conflicts', { auth });
  expect(all.json()).toEqual({ conflicts, next: null });
});

test('the sync log fills with pulls and pushes and pages newest first', async () => {
  const device = { auth: alice.basic, deviceId: 'alice-sync-log' };
  const p0 = await pull(server.app, device, 0);
  await push(server.app, device, p0.timestamp, {
    patients: {
      created: [asPushed(makeRow('patients', { primary_clinic_id: server.clinicId }), 'created')],
    },
  });
  await pull(server.app, device, p0.timestamp);
  // A streamed pull writes its log entry once the answer has gone, so wait for it.
  await expect
    .poll(async () => {
      const rows = await server.database.db.query('SELECT 1 FROM sync_log WHERE device_id = $1', [
        device.deviceId,
      ]);
      return rows.length;
    })
    .toBe(3);

  const first = await call(server.app, 'GET', '/api/admin/sync-log?limit=3', { auth });
  const body = first.json<{ entries: Record<string, unknown>[]; next: number }>();
  expect(body.entries.map((e) => e['kind'])).toEqual(['pull', 'push', 'pull']);
  expect(body.entries[2]).toMatchObject({
    user: alice.id,
    user_name: alice.name,
    user_email: alice.email,
    device: 'alice-sync-log',
    kind: 'pull',
    counts: expect.any(Object),
    rejected: [],
    ms: expect.any(Number),
    at: expect.any(Number),
  });
  expect(body.entries[1]).toMatchObject({ kind: 'push', counts: { patients: { created: 1 } } });
  expect(body.next).toBe(body.entries[2]!['id']);

  const pages = await readAll<{ id: number }>('/api/admin/sync-log', 'entries', 4);
  const ids = pages.flatMap((p) => p.items.map((e) => e.id));
  const total = await server.database.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM sync_log',
  );
  expect(ids).toHaveLength(total[0]!.n);
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
  expect(pages.slice(0, -1).every((p) => p.items.length === 4)).toBe(true);
});

test('a bad limit or before is a 400', async () => {
  for (const query of [
    'limit=0',
    'limit=501',
    'limit=ten',
    'limit=-1',
    'limit=2.5',
    'before=0',
    'before=abc',
  ]) {
    for (const path of ['/api/admin/conflicts', '/api/admin/sync-log', '/api/admin/access-log']) {
      const response = await call(server.app, 'GET', `${path}?${query}`, { auth });
      expect(issuePaths(response), `${path}?${query}`).toEqual([query.split('=')[0]]);
    }
  }
  const ok = await call(server.app, 'GET', '/api/admin/sync-log?limit=500&before=1', { auth });
  expect(ok.json()).toEqual({ entries: [], next: null });
});

import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, expectError } from './admin-calls.js';
import { buildWorld } from './admin-world.js';
import type { World, WorldUser } from './admin-world.js';

/**
 * `GET /api/admin/devices` (each user's devices from the sync log) and the
 * sync log's `user_id`, `device` and `kind` filters.
 */

let server: TestServer;
let world: World;
let adminOfA: string;
let adminOfB: string;
let providerA: WorldUser;
let providerB: WorldUser;

interface Device {
  user: string | null;
  device: string | null;
  last_pull_at: number | null;
  last_push_at: number | null;
  schema_version: number | null;
  pending_rejections: number;
  last_error: { code: string; kind: 'pull' | 'push'; at: number } | null;
}

interface Entry {
  id: number;
  user: string | null;
  device: string | null;
  kind: 'pull' | 'push';
  schema_version: number | null;
  error: string | null;
}

let startedAt: number;

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server);
  adminOfA = await world.bearer(await world.user('admin', world.clinicA));
  adminOfB = await world.bearer(await world.user('admin', world.clinicB));
  providerA = await world.user('provider', world.clinicA, { permissions: allPermissions });
  providerB = await world.user('provider', world.clinicB, { permissions: allPermissions });

  startedAt = Date.now();
  const phone = { auth: providerA.basic, deviceId: 'a-phone' };
  const tablet = { auth: providerA.basic, deviceId: 'a-tablet' };
  // The phone pulls at schema version 9, pushes one record of clinic B (refused) and one of A.
  const first = await pull(server.app, phone, 0);
  const mine = makeRow('patients', { primary_clinic_id: world.clinicA });
  const theirs = makeRow('patients', { primary_clinic_id: world.clinicB });
  const pushed = await push(server.app, phone, first.timestamp, {
    patients: { created: [asPushed(mine, 'created'), asPushed(theirs, 'created')] },
  });
  expect(pushed.status).toBe(200);
  // The tablet pulls without a schema version, twice, and never pushes.
  const response = await server.app.inject({
    method: 'GET',
    url: '/api/v2/sync?last_pulled_at=0',
    headers: { authorization: providerA.basic, 'x-device-id': 'a-tablet' },
  });
  expect(response.statusCode).toBe(200);
  await pull(server.app, tablet, 0);
  await pull(server.app, { auth: providerB.basic, deviceId: 'b-phone' }, 0);
});
afterAll(() => server.close());

async function devices(auth: string, query = ''): Promise<Device[]> {
  const response = await call(server.app, 'GET', `/api/admin/devices${query}`, { auth });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ devices: Device[] }>().devices;
}

async function syncLog(auth: string, query: string): Promise<Entry[]> {
  const response = await call(server.app, 'GET', `/api/admin/sync-log?limit=500${query}`, { auth });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ entries: Entry[] }>().entries;
}

test("each device's last pull and push, schema version and pending rejections", async () => {
  const listed = await devices(world.superAuth, `?user_id=${providerA.id}`);
  expect(listed).toEqual([
    {
      user: providerA.id,
      user_name: expect.stringMatching(/^provider /),
      user_email: providerA.email,
      device: 'a-phone',
      last_pull_at: expect.any(Number),
      last_push_at: expect.any(Number),
      schema_version: 9,
      pending_rejections: 1,
      last_error: null,
    },
    {
      user: providerA.id,
      user_name: expect.stringMatching(/^provider /),
      user_email: providerA.email,
      device: 'a-tablet',
      last_pull_at: expect.any(Number),
      last_push_at: null,
      schema_version: 9,
      pending_rejections: 0,
      last_error: null,
    },
  ]);
  for (const device of listed) {
    expect(device.last_pull_at).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(device.last_pull_at).toBeLessThanOrEqual(Date.now() + 1000);
  }
  expect(listed[0]!.last_push_at).toBeGreaterThanOrEqual(listed[0]!.last_pull_at!);
});

test('the schema version is the last pull’s: a pull without one reads null', async () => {
  await server.app.inject({
    method: 'GET',
    url: '/api/v2/sync?last_pulled_at=0',
    headers: { authorization: providerB.basic, 'x-device-id': 'b-phone' },
  });
  const [device] = await devices(world.superAuth, `?user_id=${providerB.id}`);
  expect(device).toMatchObject({ device: 'b-phone', schema_version: null, last_push_at: null });
  const pulls = await syncLog(world.superAuth, `&user_id=${providerB.id}`);
  expect(pulls.map((e) => e.schema_version)).toEqual([null, 9]);
});

test("an admin sees their clinics' users' devices only; naming another user is 403", async () => {
  const ofA = await devices(adminOfA);
  expect(new Set(ofA.map((d) => d.user))).toEqual(new Set([providerA.id]));
  const ofB = await devices(adminOfB);
  expect(ofB.map((d) => d.device)).toEqual(['b-phone']);
  expectError(
    await call(server.app, 'GET', `/api/admin/devices?user_id=${providerB.id}`, { auth: adminOfA }),
    403,
    'forbidden',
  );
  expectError(
    await call(server.app, 'GET', '/api/admin/devices?user_id=nobody', { auth: world.superAuth }),
    404,
    'not_found',
  );
  const provider = await world.bearer(providerA);
  expectError(
    await call(server.app, 'GET', '/api/admin/devices', { auth: provider }),
    403,
    'forbidden',
  );
  const all = await devices(world.superAuth);
  expect(all.map((d) => d.device)).toEqual(
    expect.arrayContaining(['a-phone', 'a-tablet', 'b-phone']),
  );
});

test('the sync log filters by user, device and kind, together and newest first', async () => {
  const ofA = await syncLog(world.superAuth, `&user_id=${providerA.id}`);
  expect(ofA.length).toBe(4);
  expect(ofA.every((e) => e.user === providerA.id)).toBe(true);
  const tablet = await syncLog(world.superAuth, '&device=a-tablet');
  expect(tablet.map((e) => [e.device, e.kind])).toEqual([
    ['a-tablet', 'pull'],
    ['a-tablet', 'pull'],
  ]);
  const pushes = await syncLog(world.superAuth, `&kind=push&user_id=${providerA.id}`);
  expect(pushes.map((e) => [e.device, e.kind])).toEqual([['a-phone', 'push']]);
  expect(await syncLog(world.superAuth, '&device=a-phone&kind=pull')).toHaveLength(1);
  const ids = ofA.map((e) => e.id);
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
  // An admin of B filtering on A's user finds nothing: the reach still applies.
  expect(await syncLog(adminOfB, `&user_id=${providerA.id}`)).toEqual([]);
  expectError(
    await call(server.app, 'GET', '/api/admin/sync-log?kind=delete', { auth: world.superAuth }),
    400,
    'bad_request',
  );
});

test('a refused push is logged with its code, and the device shows it until a push goes through', async () => {
  const tablet = { auth: providerB.basic, deviceId: 'b-tablet' };
  const pulled = await pull(server.app, tablet, 0);
  const refused = await server.app.inject({
    method: 'POST',
    url: `/api/v2/sync?last_pulled_at=${pulled.timestamp}`,
    headers: { authorization: providerB.basic, 'x-device-id': 'b-tablet' },
    payload: { changes: { patients: { created: 'not a list' } } },
  });
  expect(refused.statusCode).toBe(400);
  const code = refused.json<{ error: { code: string } }>().error.code;
  // A wrong password has no user to file the failure under: nothing is logged.
  const before = await syncLog(world.superAuth, '&device=b-tablet');
  const stranger = await server.app.inject({
    method: 'POST',
    url: '/api/v2/sync',
    headers: {
      authorization: `Basic ${Buffer.from(`${providerB.email}:wrong`).toString('base64')}`,
      'x-device-id': 'b-tablet',
    },
    payload: { changes: {} },
  });
  expect(stranger.statusCode).toBe(401);
  const logged = await syncLog(world.superAuth, '&device=b-tablet');
  expect(logged).toEqual(before);
  expect(logged.map((e) => [e.kind, e.error])).toEqual([
    ['push', code],
    ['pull', null],
  ]);

  const failing = (await devices(world.superAuth, `?user_id=${providerB.id}`)).find(
    (d) => d.device === 'b-tablet',
  );
  expect(failing).toMatchObject({
    last_push_at: null,
    last_pull_at: expect.any(Number),
    last_error: { code, kind: 'push', at: expect.any(Number) },
  });
  expect(failing!.last_error!.at).toBeGreaterThanOrEqual(failing!.last_pull_at!);

  const record = makeRow('patients', { primary_clinic_id: world.clinicB });
  const pushed = await push(server.app, tablet, pulled.timestamp, {
    patients: { created: [asPushed(record, 'created')] },
  });
  expect(pushed.status).toBe(200);
  const fixed = (await devices(world.superAuth, `?user_id=${providerB.id}`)).find(
    (d) => d.device === 'b-tablet',
  );
  expect(fixed).toMatchObject({ last_push_at: expect.any(Number), last_error: null });
});

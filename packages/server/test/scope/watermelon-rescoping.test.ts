import { syncedTables } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { createWatermelonDevice } from '@clinicsync/testing/watermelon';
import type { WatermelonDevice } from '@clinicsync/testing/watermelon';
import { call, makeChart, signIn, startScopeServer, writeCharts } from './support/scope-world.js';
import type { Chart } from './support/scope-world.js';

// The stock WatermelonDB 0.28 client (as the Hikma app syncs) through a
// change of its user's scope: join a clinic, leave it, follow a patient,
// unfollow them. With an edit made offline just before the scope shrinks,
// the device ends equal to a fresh device of the same user, the edit is kept
// on the server (applied, or in the conflict log), and WatermelonDB raises no
// diagnostic and needs no reset.

let server: TestServer;
let provider: TestUser;
let clinicB: string;
let adminToken: string;
let providerToken: string;
let chartA: Chart;
let chartB: Chart;
let chartFollowed: Chart;
const devices: WatermelonDevice[] = [];

beforeAll(async () => {
  server = await startScopeServer();
  await server.listen();
  provider = await server.addUser('provider', allPermissions);
  clinicB = await server.addClinic('Clinic B');
  chartA = makeChart(server.clinicId, 'Amal');
  chartB = makeChart(clinicB, 'Basma');
  chartFollowed = makeChart(clinicB, 'Farah');
  await writeCharts(server, [chartA, chartB, chartFollowed]);
  adminToken = await signIn(server, server.admin);
  providerToken = await signIn(server, provider);
});
afterAll(async () => {
  for (const device of devices) await device.close();
  await server?.close();
});

async function newDevice(): Promise<WatermelonDevice> {
  const device = await createWatermelonDevice({
    serverUrl: server.url,
    email: provider.email,
    password: provider.password,
  });
  devices.push(device);
  return device;
}

async function setMembershipInB(member: boolean): Promise<void> {
  const url = `/api/admin/users/${provider.id}/clinics/${clinicB}`;
  const answer = member
    ? await call(server, 'PUT', url, adminToken, { permissions: allPermissions })
    : await call(server, 'DELETE', url, adminToken);
  expect(answer.status, JSON.stringify(answer.body)).toBe(member ? 200 : 204);
}

async function setFollowing(patientId: string, following: boolean): Promise<void> {
  const url = `/api/patients/${patientId}/follow`;
  const answer = await call(server, following ? 'POST' : 'DELETE', url, providerToken);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

async function holds(device: WatermelonDevice, chart: Chart): Promise<boolean[]> {
  return [
    (await device.find('patients', chart.patient.id)) !== null,
    (await device.find('visits', chart.visit.id)) !== null,
    (await device.find('events', chart.event.id)) !== null,
  ];
}

/** The device holds exactly what a fresh device of its user holds after one sync. */
async function expectEqualToFreshDevice(device: WatermelonDevice): Promise<void> {
  const fresh = await newDevice();
  await fresh.sync();
  for (const table of syncedTables) {
    expect(await device.all(table.name), table.name).toEqual(await fresh.all(table.name));
  }
  expect(fresh.diagnostics).toEqual([]);
}

/** The edit reached the server: applied to the row, or refused and kept in the conflict log. */
async function expectKept(patientId: string, phone: string): Promise<'applied' | 'refused'> {
  const [row] = await server.database.db.query<{ phone: string }>(
    'SELECT phone FROM patients WHERE id = $1',
    [patientId],
  );
  if (row?.phone === phone) return 'applied';
  const refused = await server.database.db.query<{ reason: string; applied_value: unknown }>(
    "SELECT reason, applied_value FROM conflicts WHERE kind = 'refused' AND row_id = $1 AND applied_value->>'phone' = $2",
    [patientId, phone],
  );
  expect(refused.map((r) => r.reason)).toEqual(['out_of_scope']);
  return 'refused';
}

/**
 * The syncs since exchange `from` continued from the device's cursor (no
 * first-sync pull) and never sent the rows the device already held again.
 */
function expectNoReset(device: WatermelonDevice, from: number, held: Chart): void {
  const pulls = device.exchanges.slice(from).filter((e) => e.method === 'GET');
  expect(pulls.length).toBeGreaterThan(0);
  for (const exchange of pulls) {
    expect(exchange.status).toBe(200);
    expect(new URL(exchange.url).searchParams.get('last_pulled_at')).not.toBe('0');
    const body = JSON.parse(exchange.responseBody) as {
      changes: Record<string, { created: { id: string }[] }>;
    };
    const created = Object.values(body.changes).flatMap((t) => t.created.map((r) => r.id));
    expect(created).not.toContain(held.patient.id);
  }
}

describe('a stock WatermelonDB device through changes of its scope', () => {
  test('join a clinic, edit one of its patients offline, leave it: two syncs later it equals a fresh device, the edit kept', async () => {
    const device = await newDevice();
    await device.sync();
    expect(await holds(device, chartA)).toEqual([true, true, true]);
    expect(await holds(device, chartB)).toEqual([false, false, false]);

    await setMembershipInB(true);
    await device.sync();
    expect(await holds(device, chartB)).toEqual([true, true, true]);

    await device.update('patients', chartB.patient.id, { phone: '+961 70 111 222' });
    await setMembershipInB(false);
    const mark = device.exchanges.length;
    await device.sync();
    await device.sync();

    expect(await holds(device, chartB)).toEqual([false, false, false]);
    expect(await holds(device, chartA)).toEqual([true, true, true]);
    expect(await device.hasUnsyncedChanges()).toBe(false);
    expect(await expectKept(chartB.patient.id, '+961 70 111 222')).toBe('refused');
    expectNoReset(device, mark, chartA);
    await expectEqualToFreshDevice(device);
    expect(device.diagnostics).toEqual([]);
    expect(device.warnings).toEqual([]);
  });

  test('an edit pushed before leaving is applied; the device still ends equal to a fresh one', async () => {
    const device = await newDevice();
    await device.sync();
    await setMembershipInB(true);
    await device.sync();
    await device.update('patients', chartB.patient.id, { phone: '+961 70 333 444' });
    await device.sync();
    await setMembershipInB(false);
    const mark = device.exchanges.length;
    await device.sync();
    await device.sync();

    expect(await holds(device, chartB)).toEqual([false, false, false]);
    expect(await expectKept(chartB.patient.id, '+961 70 333 444')).toBe('applied');
    expectNoReset(device, mark, chartA);
    await expectEqualToFreshDevice(device);
    expect(device.diagnostics).toEqual([]);
    expect(device.warnings).toEqual([]);
  });

  test('follow a patient of another clinic, edit them offline, unfollow: two syncs later it equals a fresh device, the edit kept', async () => {
    const device = await newDevice();
    await device.sync();
    expect(await holds(device, chartFollowed)).toEqual([false, false, false]);

    await setFollowing(chartFollowed.patient.id, true);
    await device.sync();
    expect(await holds(device, chartFollowed)).toEqual([true, true, true]);

    await device.update('patients', chartFollowed.patient.id, { phone: '+961 70 555 666' });
    await setFollowing(chartFollowed.patient.id, false);
    const mark = device.exchanges.length;
    await device.sync();
    await device.sync();

    expect(await holds(device, chartFollowed)).toEqual([false, false, false]);
    expect(await device.hasUnsyncedChanges()).toBe(false);
    expect(await expectKept(chartFollowed.patient.id, '+961 70 555 666')).toBe('refused');
    expectNoReset(device, mark, chartA);
    await expectEqualToFreshDevice(device);
    expect(device.diagnostics).toEqual([]);
    expect(device.warnings).toEqual([]);
  });
});

import type { AnyWireRow } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import type { NodeDevice, SyncReport } from '../src/node.js';
import { deviceContents, openTestDevice } from './support/devices.js';

// Our SDK through a change of its user's scope: join a clinic, leave it,
// follow a patient of another clinic, unfollow them, each with an edit made
// offline just before the scope shrinks. Two syncs later the device equals a
// fresh device of the same user, the edit is kept on the server (applied, or
// refused and in the conflict log), and no sync failed.

let server: TestServer;
let provider: TestUser;
let clinicB: string;
let adminToken: string;
let chartA: Chart;
let chartB: Chart;
let chartFollowed: Chart;
const devices: NodeDevice[] = [];

interface Chart {
  readonly patient: AnyWireRow;
  readonly visit: AnyWireRow;
  readonly event: AnyWireRow;
}

function makeChart(clinic: string, name: string): Chart {
  const patient = makeRow('patients', {
    given_name: name,
    surname: 'Haddad',
    primary_clinic_id: clinic,
  });
  const visit = makeRow('visits', { patient_id: patient.id, clinic_id: clinic });
  const event = makeRow('events', { patient_id: patient.id, visit_id: visit.id });
  return { patient, visit, event };
}

/** An administration call as the super administrator; status and parsed body. */
async function asAdmin(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
  const response = await server.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${adminToken}` },
    ...(payload === undefined ? {} : { payload }),
  });
  return { status: response.statusCode, body: response.body === '' ? null : response.json() };
}

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  const signedIn = await server.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email: server.admin.email, password: server.admin.password },
  });
  adminToken = signedIn.json<{ token: string }>().token;
  clinicB = (
    (await asAdmin('POST', '/api/admin/clinics', { name: 'Clinic B' })).body as {
      id: string;
    }
  ).id;
  provider = await server.addUser('provider', allPermissions);
  chartA = makeChart(server.clinicId, 'Amal');
  chartB = makeChart(clinicB, 'Basma');
  chartFollowed = makeChart(clinicB, 'Farah');
  const charts = [chartA, chartB, chartFollowed];
  const created = (rows: AnyWireRow[]) => ({
    created: rows.map((r) => asPushed(r, 'created')),
    updated: [],
    deleted: [],
  });
  const pushed = await push(server.app, { auth: server.admin.basic }, 0, {
    patients: created(charts.map((c) => c.patient)),
    visits: created(charts.map((c) => c.visit)),
    events: created(charts.map((c) => c.event)),
  });
  expect(pushed.body).toEqual({ ok: true });
});
afterAll(async () => {
  for (const device of devices) await device.close();
  await server?.close();
});

async function newDevice(): Promise<NodeDevice> {
  const device = await openTestDevice(server, provider);
  devices.push(device);
  return device;
}

async function setMembershipInB(member: boolean): Promise<void> {
  const url = `/api/admin/users/${provider.id}/clinics/${clinicB}`;
  const answer = member
    ? await asAdmin('PUT', url, { permissions: allPermissions })
    : await asAdmin('DELETE', url);
  expect(answer.status, JSON.stringify(answer.body)).toBe(member ? 200 : 204);
}

/** Clinic B's patients: all of them leave with the membership. */
const clinicBPatients = () => [chartB.patient.id, chartFollowed.patient.id].sort();

async function holds(device: NodeDevice, chart: Chart): Promise<boolean[]> {
  return [
    (await device.store.find('patients', chart.patient.id)) !== null,
    (await device.store.find('visits', chart.visit.id)) !== null,
    (await device.store.find('events', chart.event.id)) !== null,
  ];
}

async function expectEqualToFreshDevice(device: NodeDevice): Promise<void> {
  const fresh = await newDevice();
  await fresh.engine.sync();
  expect(await deviceContents(device)).toEqual(await deviceContents(fresh));
}

/** The edit reached the server: applied to the row, or refused and kept in the conflict log. */
async function expectKept(patientId: string, phone: string): Promise<'applied' | 'refused'> {
  const [row] = await server.database.db.query<{ phone: string }>(
    'SELECT phone FROM patients WHERE id = $1',
    [patientId],
  );
  if (row?.phone === phone) return 'applied';
  const answer = await asAdmin('GET', '/api/admin/conflicts?limit=500');
  const entries = (answer.body as { conflicts: Record<string, unknown>[] }).conflicts.filter(
    (c) =>
      c['kind'] === 'refused' &&
      c['row_id'] === patientId &&
      (c['applied_value'] as Record<string, unknown>)['phone'] === phone,
  );
  expect(entries.map((e) => e['reason'])).toEqual(['out_of_scope']);
  return 'refused';
}

/** Nothing the device held came again as created: each sync continued from its cursor. */
function expectNoReset(reports: readonly SyncReport[]): void {
  for (const report of reports) {
    expect(report.resumed).toBe(false);
    for (const table of ['patients', 'visits', 'events'] as const) {
      expect(report.pulled[table]?.created ?? 0, table).toBe(0);
    }
  }
}

describe('an SDK device through changes of its scope', () => {
  test('join a clinic, edit one of its patients offline, leave it: two syncs later it equals a fresh device, the edit kept', async () => {
    const device = await newDevice();
    await device.engine.sync();
    expect(await holds(device, chartA)).toEqual([true, true, true]);
    expect(await holds(device, chartB)).toEqual([false, false, false]);

    await setMembershipInB(true);
    await device.engine.sync();
    expect(await holds(device, chartB)).toEqual([true, true, true]);

    const patientId = chartB.patient.id;
    await device.store.update('patients', patientId, { phone: '+961 70 111 222' });
    await setMembershipInB(false);
    const first = await device.engine.sync();
    // One sync late: the patient is still there, so the edit was pushed (and refused).
    expect(first.rejected).toEqual([{ table: 'patients', id: patientId, reason: 'out_of_scope' }]);
    expect(await holds(device, chartB)).toEqual([true, true, true]);
    const second = await device.engine.sync();

    expect(await holds(device, chartB)).toEqual([false, false, false]);
    expect(await holds(device, chartA)).toEqual([true, true, true]);
    expect([...second.departedPatients].sort()).toEqual(clinicBPatients());
    expect(await device.store.unsyncedCounts()).toEqual({});
    expect(await expectKept(patientId, '+961 70 111 222')).toBe('refused');
    expectNoReset([first, second]);
    await expectEqualToFreshDevice(device);
  });

  test('an edit pushed before leaving is applied; the device still ends equal to a fresh one', async () => {
    const device = await newDevice();
    await device.engine.sync();
    await setMembershipInB(true);
    await device.engine.sync();
    await device.store.update('patients', chartB.patient.id, { phone: '+961 70 333 444' });
    expect((await device.engine.sync()).rejected).toEqual([]);
    await setMembershipInB(false);
    const first = await device.engine.sync();
    const second = await device.engine.sync();

    expect(await holds(device, chartB)).toEqual([false, false, false]);
    expect(first.rejected).toEqual([]);
    expect([...second.departedPatients].sort()).toEqual(clinicBPatients());
    expect(await expectKept(chartB.patient.id, '+961 70 333 444')).toBe('applied');
    expectNoReset([first, second]);
    await expectEqualToFreshDevice(device);
  });

  test('follow a patient of another clinic, edit them offline, unfollow: two syncs later it equals a fresh device, the edit kept', async () => {
    const device = await newDevice();
    await device.engine.sync();
    const patientId = chartFollowed.patient.id;
    expect(await holds(device, chartFollowed)).toEqual([false, false, false]);

    await device.engine.followPatient(patientId);
    await device.engine.sync();
    expect(await holds(device, chartFollowed)).toEqual([true, true, true]);

    await device.store.update('patients', patientId, { phone: '+961 70 555 666' });
    await device.engine.unfollowPatient(patientId);
    const first = await device.engine.sync();
    expect(first.rejected).toEqual([{ table: 'patients', id: patientId, reason: 'out_of_scope' }]);
    const second = await device.engine.sync();

    expect(await holds(device, chartFollowed)).toEqual([false, false, false]);
    expect(second.departedPatients).toEqual([patientId]);
    expect(await device.store.unsyncedCounts()).toEqual({});
    expect(await expectKept(patientId, '+961 70 555 666')).toBe('refused');
    expectNoReset([first, second]);
    await expectEqualToFreshDevice(device);
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import type { NodeDevice, SyncProgress } from '../src/node.js';
import { deviceContents, openTestDevice } from './support/devices.js';

// A provider of clinic A, and clinic B's patient Layla Nasser with a visit
// and an event: she reaches A's device only while A follows her.
let server: TestServer;
let clinicB: string;
let providerA: TestUser;
let deviceA: NodeDevice;
let deviceB: NodeDevice;
const layla = 'scope-b-layla';
const own = 'scope-a-omar';

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  clinicB = await server.addClinic('Clinic B');
  providerA = await server.addUser('provider', allPermissions, server.clinicId);
  const providerB = await server.addUser('provider', allPermissions, clinicB);
  deviceA = await openTestDevice(server, providerA);
  deviceB = await openTestDevice(server, providerB);
  await deviceB.store.transaction(async (tx) => {
    await tx.create('patients', {
      id: layla,
      given_name: 'Layla',
      surname: 'Nasser',
      sex: 'female',
      date_of_birth: '1984-02-29',
      primary_clinic_id: clinicB,
    });
    await tx.create('visits', { id: `${layla}-v`, patient_id: layla, clinic_id: clinicB });
    await tx.create('events', { id: `${layla}-e`, patient_id: layla, visit_id: `${layla}-v` });
  });
  expect((await deviceB.engine.sync()).rejected).toEqual([]);
  await deviceA.store.create('patients', {
    id: own,
    given_name: 'Omar',
    surname: 'Nasser',
    primary_clinic_id: server.clinicId,
  });
  expect((await deviceA.engine.sync()).rejected).toEqual([]);
});
afterAll(async () => {
  await deviceA?.close();
  await deviceB?.close();
  await server?.close();
});

/** Syncs device A, collecting its progress events. */
async function syncA() {
  const progress: SyncProgress[] = [];
  const stop = deviceA.engine.onProgress((p) => progress.push(p));
  try {
    return { report: await deviceA.engine.sync(), progress };
  } finally {
    stop();
  }
}

/** A's device holds exactly what a fresh device of A's user pulls. */
async function expectEqualToFreshDevice(): Promise<void> {
  const fresh = await openTestDevice(server, providerA);
  try {
    await fresh.engine.sync();
    expect(await deviceContents(deviceA)).toEqual(await deviceContents(fresh));
  } finally {
    await fresh.close();
  }
}

describe("another clinic's patient, looked up, followed and unfollowed", () => {
  test('the lookup finds her with in_scope false and only what identifies her; she is not on the device', async () => {
    expect(await deviceA.store.find('patients', layla)).toBeNull();
    const found = await deviceA.engine.lookupPatients('nasser');
    expect(found.find((p) => p.id === layla)).toEqual({
      id: layla,
      given_name: 'Layla',
      surname: 'Nasser',
      date_of_birth: '1984-02-29',
      sex: 'female',
      primary_clinic_id: clinicB,
      in_scope: false,
    });
    expect(found.find((p) => p.id === own)).toMatchObject({ in_scope: true });
    expect(await deviceA.engine.lookupPatients('   ')).toEqual([]);
  });

  test('after a follow, the next sync brings her whole chart as created', async () => {
    await deviceA.engine.followPatient(layla);
    expect((await deviceA.store.followedPatients()).map((f) => f.id)).toEqual([layla]);
    const { report } = await syncA();
    expect(report.pulled).toMatchObject({
      patients: { created: 1, deleted: 0 },
      visits: { created: 1, updated: 0, deleted: 0 },
      events: { created: 1, updated: 0, deleted: 0 },
    });
    expect(report).toMatchObject({ removed: 0, departedPatients: [] });
    expect(await deviceA.store.find('patients', layla)).toMatchObject({ given_name: 'Layla' });
    expect(await deviceA.store.count('events', { where: { patient_id: layla } })).toBe(1);
    const [again] = await deviceA.engine.lookupPatients(layla);
    expect(again).toMatchObject({ id: layla, in_scope: true });
    await expectEqualToFreshDevice();
  });

  test('after an unfollow, an edit is refused as out_of_scope, then the chart leaves and the report says who left', async () => {
    await deviceA.engine.unfollowPatient(layla);
    expect(await deviceA.store.followedPatients()).toEqual([]);
    await deviceA.store.update('patients', layla, { phone: '+961 70 000 111' });

    // The sync after the change: she stays one more sync, so the edit is pushed first.
    const first = await syncA();
    expect(first.report.rejected).toEqual([
      { table: 'patients', id: layla, reason: 'out_of_scope' },
    ]);
    expect(first.report).toMatchObject({ removed: 0, departedPatients: [], discarded: [] });
    expect(await deviceA.store.syncStatus('patients', layla)).toBe('updated');

    const second = await syncA();
    expect(second.report.departedPatients).toEqual([layla]);
    expect(second.report.removed).toBe(3);
    expect(second.report.pulled).toMatchObject({
      patients: { deleted: 1 },
      visits: { deleted: 1 },
      events: { deleted: 1 },
    });
    expect(second.report.discarded).toEqual([{ table: 'patients', id: layla }]);
    expect(second.progress.filter((p) => p.phase === 'pull').at(-1)?.removed).toBe(3);
    expect(await deviceA.store.find('patients', layla)).toBeNull();
    expect(await deviceA.store.find('patients', own)).not.toBeNull();
    expect(await deviceA.store.departedPatient(layla)).toMatchObject({
      id: layla,
      givenName: 'Layla',
      surname: 'Nasser',
    });
    expect(await deviceA.store.departedPatient(own)).toBeNull();
    // Her edit was sent once more and refused; the server keeps it, the device does not.
    expect(second.report.rejected).toEqual([
      { table: 'patients', id: layla, reason: 'out_of_scope' },
    ]);
    expect(await deviceA.store.unsyncedCounts()).toEqual({});

    const third = await syncA();
    expect(third.report).toMatchObject({ rejected: [], removed: 0, departedPatients: [] });
    const [onServer] = await server.database.db.query<{ phone: string }>(
      'SELECT phone FROM patients WHERE id = $1',
      [layla],
    );
    expect(onServer?.phone).toBe('');
    const refused = await server.database.db.query<{ applied_value: unknown }>(
      "SELECT applied_value FROM conflicts WHERE row_id = $1 AND kind = 'refused'",
      [layla],
    );
    expect(refused.length).toBeGreaterThan(0);
    expect(JSON.stringify(refused)).toContain('+961 70 000 111');
    await expectEqualToFreshDevice();
  });

  test('following her again brings her back and forgets her departure', async () => {
    await deviceA.engine.followPatient(layla);
    const { report } = await syncA();
    expect(report.pulled.patients).toMatchObject({ created: 1 });
    expect(await deviceA.store.find('patients', layla)).toMatchObject({ phone: '' });
    expect(await deviceA.store.departedPatient(layla)).toBeNull();
    expect(await deviceA.store.departedPatients()).toEqual([]);
    await expectEqualToFreshDevice();
  });
});

describe('a follow ended on another device of the user', () => {
  test('her chart leaves this device two syncs later, and the follow is forgotten here too', async () => {
    expect((await deviceA.store.followedPatients()).map((f) => f.id)).toEqual([layla]);
    const other = await openTestDevice(server, providerA);
    try {
      await other.engine.unfollowPatient(layla);
    } finally {
      await other.close();
    }
    expect((await syncA()).report.departedPatients).toEqual([]);
    expect((await syncA()).report.departedPatients).toEqual([layla]);
    expect(await deviceA.store.followedPatients()).toEqual([]);
    expect(await deviceA.store.departedPatients()).toMatchObject([{ id: layla }]);
    await expectEqualToFreshDevice();
  });
});

describe('the lookup and follow calls', () => {
  test('a patient the server does not have is not_found; a malformed id is refused before sending', async () => {
    await expect(deviceA.engine.followPatient('no-such-patient')).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(deviceA.engine.followPatient('not an id')).rejects.toMatchObject({
      code: 'invalid_id',
    });
  });

  test('without a connection each says it needs one', async () => {
    const offline = await openTestDevice({ url: 'http://127.0.0.1:9' }, providerA);
    try {
      await expect(offline.engine.lookupPatients('nasser')).rejects.toMatchObject({
        code: 'network',
        message: expect.stringContaining('needs a connection') as unknown,
      });
      await expect(offline.engine.followPatient(layla)).rejects.toMatchObject({ code: 'network' });
      expect(await offline.store.followedPatients()).toEqual([]);
    } finally {
      await offline.close();
    }
  });

  test('a user without can_view_history in any clinic is forbidden', async () => {
    const registrar = await server.addUser(
      'registrar',
      {
        ...allPermissions,
        can_view_history: false,
      },
      server.clinicId,
    );
    const device = await openTestDevice(server, registrar);
    try {
      await expect(device.engine.lookupPatients('nasser')).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(device.engine.followPatient(layla)).rejects.toMatchObject({
        code: 'forbidden',
      });
    } finally {
      await device.close();
    }
  });
});

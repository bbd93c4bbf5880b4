import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { startProxy } from '@clinicsync/testing/proxy';
import type { NodeDevice } from '../src/node.js';
import { openTestDevice } from './support/devices.js';

let server: TestServer;
let deviceA: NodeDevice;
let deviceB: NodeDevice;

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  deviceA = await openTestDevice(server, await server.addUser('provider', allPermissions));
  deviceB = await openTestDevice(server, await server.addUser('provider', allPermissions));
});
afterAll(async () => {
  await deviceA?.close();
  await deviceB?.close();
  await server?.close();
});

async function family(device: NodeDevice, n: number) {
  const { store } = device;
  const patient = await store.create('patients', {
    id: `del-p${n}`,
    given_name: `P${n}`,
    primary_clinic_id: server.clinicId,
  });
  const visit = await store.create('visits', {
    id: `del-v${n}`,
    patient_id: patient.id,
    clinic_id: server.clinicId,
  });
  await store.create('events', { id: `del-e${n}`, patient_id: patient.id, visit_id: visit.id });
  await store.create('patient_vitals', {
    id: `del-vt${n}`,
    patient_id: patient.id,
    visit_id: visit.id,
  });
}

describe('deletes', () => {
  test('a delete reaches the other device', async () => {
    await family(deviceA, 1);
    await deviceA.engine.sync();
    await deviceB.engine.sync();
    expect(await deviceB.store.find('events', 'del-e1')).not.toBeNull();
    await deviceA.store.delete('events', 'del-e1');
    expect(await deviceA.store.syncStatus('events', 'del-e1')).toBe('deleted');
    const pushed = await deviceA.engine.sync();
    expect(pushed.pushed.events).toEqual({ created: 0, updated: 0, deleted: 1 });
    expect(await deviceA.store.syncStatus('events', 'del-e1')).toBeNull();
    const pulled = await deviceB.engine.sync();
    expect(pulled.pulled.events).toEqual({ created: 0, updated: 0, deleted: 1 });
    expect(await deviceB.store.find('events', 'del-e1')).toBeNull();
  });

  test("the server's cascade arrives as deletes on both devices", async () => {
    await family(deviceA, 2);
    await deviceA.engine.sync();
    await deviceB.engine.sync();
    await deviceA.store.delete('patients', 'del-p2');
    // The device deletes only the patient; the server deletes its visits, events and vitals.
    const a = await deviceA.engine.sync();
    expect(a.pushed.patients).toEqual({ created: 0, updated: 0, deleted: 1 });
    await deviceA.engine.sync();
    const b = await deviceB.engine.sync();
    expect(b.pulled).toMatchObject({
      patients: { deleted: 1 },
      visits: { deleted: 1 },
      events: { deleted: 1 },
      patient_vitals: { deleted: 1 },
    });
    for (const device of [deviceA, deviceB]) {
      expect(await device.store.find('patients', 'del-p2')).toBeNull();
      expect(await device.store.count('visits', { where: { patient_id: 'del-p2' } })).toBe(0);
      expect(await device.store.count('events', { where: { patient_id: 'del-p2' } })).toBe(0);
      expect(await device.store.count('patient_vitals', { where: { patient_id: 'del-p2' } })).toBe(
        0,
      );
      expect(await device.store.unsyncedCounts()).toEqual({});
    }
  });

  test("the server's delete wins over a local edit, and the report says which edit was dropped", async () => {
    await family(deviceA, 3);
    await deviceA.engine.sync();
    await deviceB.engine.sync();
    await deviceB.store.update('visits', 'del-v3', { provider_name: 'Dr. Late' });
    await deviceA.store.delete('patients', 'del-p3');
    await deviceA.engine.sync();
    const b = await deviceB.engine.sync();
    expect(b.discarded).toEqual([{ table: 'visits', id: 'del-v3' }]);
    expect(await deviceB.store.find('visits', 'del-v3')).toBeNull();
    // The edit is not lost silently: it went to the server's conflict log.
    expect(b.pushed.visits).toEqual({ created: 0, updated: 1, deleted: 0 });
    const logged = await server.database.db.query<{ kind: string; applied_value: unknown }>(
      `SELECT kind, applied_value FROM conflicts WHERE table_name = 'visits' AND row_id = 'del-v3'`,
    );
    expect(logged).toMatchObject([
      { kind: 'row_deleted', applied_value: { id: 'del-v3', provider_name: 'Dr. Late' } },
    ]);
    expect(await deviceB.store.unsyncedCounts()).toEqual({});
    // Sent once: the next sync has nothing to push.
    expect((await deviceB.engine.sync()).pushes).toBe(0);
  });

  test('an overruled edit whose push answer is lost is sent again, and logged once', async () => {
    const proxy = await startProxy(server.url, (request) =>
      request.method === 'POST' && request.index === 0
        ? { forward: true, cutAfterBytes: 0 }
        : undefined,
    );
    const deviceC = await openTestDevice(proxy, await server.addUser('provider', allPermissions));
    try {
      await family(deviceA, 4);
      await deviceA.engine.sync();
      await deviceC.engine.sync();
      await deviceC.store.update('patients', 'del-p4', { given_name: 'Edited offline' });
      await deviceA.store.delete('patients', 'del-p4');
      await deviceA.engine.sync();
      // The first push's answer is lost after the server logged the edit; the retry replays it.
      const report = await deviceC.engine.sync();
      expect(report.discarded).toEqual([{ table: 'patients', id: 'del-p4' }]);
      expect(proxy.cuts).toHaveLength(1);
      const logged = await server.database.db.query<{ applied_value: { given_name: string } }>(
        `SELECT applied_value FROM conflicts WHERE table_name = 'patients' AND row_id = 'del-p4'`,
      );
      expect(logged.map((c) => c.applied_value.given_name)).toEqual(['Edited offline']);
      expect(await deviceC.store.unsyncedCounts()).toEqual({});
    } finally {
      await deviceC.close();
      await proxy.close();
    }
  });

  test('a record created and deleted between syncs: only its delete is pushed, and the server keeps nothing', async () => {
    await deviceA.store.create('patients', { id: 'del-ghost' });
    await deviceA.store.delete('patients', 'del-ghost');
    const report = await deviceA.engine.sync();
    expect(report.pushed.patients).toEqual({ created: 0, updated: 0, deleted: 1 });
    const rows = await server.database.db.query('SELECT id FROM patients WHERE id = $1', [
      'del-ghost',
    ]);
    expect(rows).toEqual([]);
    expect(await deviceA.store.syncStatus('patients', 'del-ghost')).toBeNull();
  });

  test('a record whose create answer was lost, then deleted on the device, is deleted on the server', async () => {
    const proxy = await startProxy(server.url, (request) =>
      request.method === 'POST' && request.index === 0
        ? { forward: true, cutAfterBytes: 0 }
        : undefined,
    );
    const deviceC = await openTestDevice(proxy, await server.addUser('provider', allPermissions), {
      retry: { retries: 0 },
    });
    try {
      await deviceC.store.create('patients', {
        id: 'del-lost-answer',
        primary_clinic_id: server.clinicId,
      });
      // The server creates it; the answer never arrives, so the device still has it as `created`.
      await expect(deviceC.engine.sync()).rejects.toMatchObject({ code: 'network' });
      expect(await deviceC.store.syncStatus('patients', 'del-lost-answer')).toBe('created');
      await deviceC.store.delete('patients', 'del-lost-answer');
      await deviceC.engine.sync();
      const rows = await server.database.db.query<{ _deleted: boolean }>(
        'SELECT _deleted FROM patients WHERE id = $1',
        ['del-lost-answer'],
      );
      expect(rows).toEqual([{ _deleted: true }]);
      // And the next pull does not bring it back.
      await deviceC.engine.sync();
      expect(await deviceC.store.find('patients', 'del-lost-answer')).toBeNull();
    } finally {
      await deviceC.close();
      await proxy.close();
    }
  });
});

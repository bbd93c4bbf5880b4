import { tables } from '@clinicsync/schema';
import type { TableName } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { clinicLinks, sampleRow, writerLinks } from '@clinicsync/testing/fixtures';
import type { NewRecord, NodeDevice } from '../src/node.js';
import { allRows, openTestDevice } from './support/devices.js';

let server: TestServer;
let deviceA: NodeDevice;
let deviceB: NodeDevice;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  alice = await server.addUser('provider', allPermissions);
  bob = await server.addUser('provider', allPermissions);
  deviceA = await openTestDevice(server, alice);
  deviceB = await openTestDevice(server, bob, { pageSize: 3 });
});
afterAll(async () => {
  await deviceA?.close();
  await deviceB?.close();
  await server?.close();
});

const writable = tables.filter((t) => t.sync === 'device_writable');

describe('round trips between two SDK devices', () => {
  test('every device-writable table arrives on the other device with every column equal', async () => {
    await deviceA.engine.sync();
    await deviceB.engine.sync();
    const { store } = deviceA;
    // Every column a sample value, but the clinic columns (the test server's
    // clinic, so both users hold the rows) and the writer columns (Alice's id:
    // the server lets nobody write in another's name).
    const create = <T extends TableName>(table: T, n: number, links: Record<string, string> = {}) =>
      store.create(
        table,
        sampleRow(table, n, {
          ...clinicLinks(table, server.clinicId),
          ...writerLinks(table, alice.id),
          ...links,
        }) as NewRecord<T>,
      );
    const patient = await create('patients', 1);
    const visit = await create('visits', 2, { patient_id: patient.id });
    const prescription = await create('prescriptions', 3, {
      patient_id: patient.id,
      visit_id: visit.id,
    });
    const links = { patient_id: patient.id, visit_id: visit.id, prescription_id: prescription.id };
    let n = 10;
    for (const table of writable) {
      if (['patients', 'visits', 'prescriptions'].includes(table.name)) continue;
      await create(table.name, n++, links);
    }
    const pushed = await deviceA.engine.sync();
    expect(pushed.rejected).toEqual([]);
    expect(Object.keys(pushed.pushed).sort()).toEqual(writable.map((t) => t.name).sort());
    expect(await store.unsyncedCounts()).toEqual({});

    const pulled = await deviceB.engine.sync();
    expect(pulled.pages).toBeGreaterThan(1);
    for (const table of writable) {
      const rowsA = await allRows(deviceA, table.name);
      expect(rowsA.length, table.name).toBe(1);
      expect(await allRows(deviceB, table.name), table.name).toEqual(rowsA);
    }
  });

  test('server-managed tables arrive too: the clinic and the users of it, only their own email', async () => {
    const clinics = await allRows(deviceB, 'clinics');
    expect(clinics.map((c) => c.id)).toContain(server.clinicId);
    const users = await allRows(deviceB, 'users');
    expect(users.map((u) => u.id)).toEqual(expect.arrayContaining([alice.id, bob.id]));
    expect(users.filter((u) => u.email !== '').map((u) => u.id)).toEqual([bob.id]);
  });
});

import { tables } from '@clinicsync/schema';
import type { TableName } from '@clinicsync/schema';
import { clinicLinks, sampleRow, writerLinks } from '@clinicsync/testing/fixtures';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWatermelonDevice } from '@clinicsync/testing/watermelon';
import type { WatermelonDevice } from '@clinicsync/testing/watermelon';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';

// The real, stock WatermelonDB 0.28 client syncing over HTTP, as the Hikma app does.
let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let deviceA: WatermelonDevice;
let deviceB: WatermelonDevice;

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  alice = await server.addUser('provider', allPermissions);
  bob = await server.addUser('provider', allPermissions);
  deviceA = await createWatermelonDevice({
    serverUrl: server.url,
    email: alice.email,
    password: alice.password,
  });
  deviceB = await createWatermelonDevice({
    serverUrl: server.url,
    email: bob.email,
    password: bob.password,
  });
});
afterAll(async () => {
  await deviceA?.close();
  await deviceB?.close();
  await server?.close();
});

const writable = tables.filter((t) => t.sync === 'device_writable');

async function expectNoDiagnostics() {
  expect(deviceA.diagnostics).toEqual([]);
  expect(deviceB.diagnostics).toEqual([]);
}

describe('stock WatermelonDB devices', () => {
  let patientId: string;

  test('every device-writable table round-trips between two devices, every column equal', async () => {
    await deviceA.sync();
    await deviceB.sync();
    // Every column a sample value, but the clinic columns (the test server's
    // clinic, so both users hold the rows) and the writer columns (Alice's id:
    // the server lets nobody write in another's name).
    const own = (table: TableName, links: Record<string, string> = {}) => ({
      ...clinicLinks(table, server.clinicId),
      ...writerLinks(table, alice.id),
      ...links,
    });
    patientId = await deviceA.create('patients', sampleRow('patients', 1, own('patients')));
    const visitId = await deviceA.create(
      'visits',
      sampleRow('visits', 2, own('visits', { patient_id: patientId })),
    );
    const prescriptionId = await deviceA.create(
      'prescriptions',
      sampleRow(
        'prescriptions',
        3,
        own('prescriptions', { patient_id: patientId, visit_id: visitId }),
      ),
    );
    const links = { patient_id: patientId, visit_id: visitId, prescription_id: prescriptionId };
    let n = 10;
    for (const table of writable) {
      if (['patients', 'visits', 'prescriptions'].includes(table.name)) continue;
      await deviceA.create(table.name, sampleRow(table.name, n++, own(table.name, links)));
    }
    await deviceA.sync();
    await deviceB.sync();
    for (const table of writable) {
      const rowsA = await deviceA.all(table.name);
      expect(rowsA.length, table.name).toBeGreaterThan(0);
      expect(await deviceB.all(table.name), table.name).toEqual(rowsA);
    }
    expect(await deviceA.hasUnsyncedChanges()).toBe(false);
    await expectNoDiagnostics();
  });

  test('edits of different columns of one record on two devices both survive', async () => {
    await deviceA.update('patients', patientId, { phone: '+961 1 111' });
    await deviceB.update('patients', patientId, { hometown: 'Tripoli' });
    await deviceA.sync();
    await deviceB.sync();
    await deviceA.sync();
    const a = await deviceA.find('patients', patientId);
    expect(a).toMatchObject({ phone: '+961 1 111', hometown: 'Tripoli' });
    expect(await deviceB.find('patients', patientId)).toEqual(a);
    await expectNoDiagnostics();
  });

  test('one column edited on two devices converges everywhere and lands in the conflict log', async () => {
    await deviceA.update('patients', patientId, { surname: 'Haddad' });
    await deviceB.update('patients', patientId, { surname: 'Khoury' });
    await deviceA.sync();
    await deviceB.sync();
    await deviceA.sync();
    const a = await deviceA.find('patients', patientId);
    expect(a).toMatchObject({ surname: 'Khoury' });
    expect(await deviceB.find('patients', patientId)).toEqual(a);
    const conflicts = await server.database.db.query(
      "SELECT * FROM conflicts WHERE row_id = $1 AND column_name = 'surname'",
      [patientId],
    );
    expect(conflicts).toEqual([
      expect.objectContaining({
        applied_value: 'Khoury',
        replaced_value: 'Haddad',
        applied_by: bob.id,
        replaced_by: alice.id,
      }),
    ]);
    await expectNoDiagnostics();
  });

  test('a deleted patient takes its records with it on every device', async () => {
    await deviceB.markAsDeleted('patients', patientId);
    await deviceB.sync();
    await deviceA.sync();
    // The cascade happens on the server: the deleting device learns of it on its next sync.
    await deviceB.sync();
    for (const device of [deviceA, deviceB]) {
      expect(await device.find('patients', patientId)).toBeNull();
      for (const table of writable) {
        const rows = await device.all(table.name);
        expect(
          rows.filter((r) => r['patient_id'] === patientId),
          `${table.name} on ${device === deviceA ? 'A' : 'B'}`,
        ).toEqual([]);
      }
    }
    await expectNoDiagnostics();
  });
});

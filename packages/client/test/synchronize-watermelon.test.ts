import { syncedTables, tables } from '@clinicsync/schema';
import type { TableName } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { createWatermelonDevice } from '@clinicsync/testing/watermelon';
import type { WatermelonDevice } from '@clinicsync/testing/watermelon';
import { clinicLinks, sampleRow, writerLinks } from '@clinicsync/testing/fixtures';
import type { NewRecord, NodeDevice } from '../src/node.js';
import { allRows, openTestDevice } from './support/devices.js';

// An SDK device and a stock WatermelonDB 0.28 device (as the Hikma app syncs) on one server.
let server: TestServer;
let sdk: NodeDevice;
let melon: WatermelonDevice;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  alice = await server.addUser('provider', allPermissions);
  bob = await server.addUser('provider', allPermissions);
  sdk = await openTestDevice(server, alice, { pageSize: 7 });
  melon = await createWatermelonDevice({
    serverUrl: server.url,
    email: bob.email,
    password: bob.password,
  });
});
afterAll(async () => {
  await sdk?.close();
  await melon?.close();
  await server?.close();
});

const writable = tables.filter((t) => t.sync === 'device_writable');

/**
 * A sample row of the test server's clinic (both users hold it) naming
 * `writer` in its writer columns (nobody may write in another's name).
 */
function own<T extends TableName>(
  table: T,
  n: number,
  writer: TestUser,
  links: Record<string, string> = {},
) {
  return sampleRow(table, n, {
    ...clinicLinks(table, server.clinicId),
    ...writerLinks(table, writer.id),
    ...links,
  });
}

async function syncBoth() {
  await sdk.engine.sync();
  await melon.sync();
  await sdk.engine.sync();
}

/** A user's own email is the only one their device receives (PROTOCOL.md, "Scope"). */
const withoutEmail = (rows: readonly object[]) => rows.map((row) => ({ ...row, email: undefined }));

async function expectConverged() {
  for (const table of syncedTables) {
    const [rowsSdk, rowsMelon] = [await allRows(sdk, table.name), await melon.all(table.name)];
    if (table.name === 'users') {
      expect(withoutEmail(rowsSdk), table.name).toEqual(withoutEmail(rowsMelon));
    } else if (table.name === 'user_clinic_permissions') {
      // Each device holds only its own user's permission rows.
      expect(rowsSdk.map((row) => row.user_id)).toEqual([alice.id]);
      expect(rowsMelon.map((row) => row['user_id'])).toEqual([bob.id]);
    } else {
      expect(rowsSdk, table.name).toEqual(rowsMelon);
    }
  }
  expect(await sdk.store.unsyncedCounts()).toEqual({});
  expect(await melon.hasUnsyncedChanges()).toBe(false);
  expect(melon.diagnostics).toEqual([]);
}

describe('an SDK device and a WatermelonDB device', () => {
  let melonPatient: string;
  let sdkPatient: string;

  test('records of every table made on either side arrive on the other, every column equal', async () => {
    await syncBoth();
    melonPatient = await melon.create('patients', own('patients', 1, bob));
    const melonVisit = await melon.create(
      'visits',
      own('visits', 2, bob, { patient_id: melonPatient }),
    );
    await melon.create(
      'events',
      own('events', 3, bob, { patient_id: melonPatient, visit_id: melonVisit }),
    );

    const create = <T extends TableName>(table: T, n: number, links: Record<string, string> = {}) =>
      sdk.store.create(table, own(table, n, alice, links) as NewRecord<T>);
    sdkPatient = (await create('patients', 11)).id;
    const visit = await create('visits', 12, { patient_id: sdkPatient });
    const prescription = await create('prescriptions', 13, {
      patient_id: sdkPatient,
      visit_id: visit.id,
    });
    const links = { patient_id: sdkPatient, visit_id: visit.id, prescription_id: prescription.id };
    let n = 20;
    for (const table of writable) {
      if (!['patients', 'visits', 'prescriptions'].includes(table.name))
        await create(table.name, n++, links);
    }
    await syncBoth();
    await expectConverged();
    expect(await sdk.store.count('patients')).toBe(2);
  });

  test('edits of different columns on both sides both survive; the same column: the last pusher wins', async () => {
    await melon.update('patients', sdkPatient, { phone: 'melon phone', surname: 'melon surname' });
    await sdk.store.update('patients', sdkPatient, {
      hometown: 'sdk town',
      surname: 'sdk surname',
    });
    await melon.sync();
    await syncBoth();
    await melon.sync();
    expect(await sdk.store.find('patients', sdkPatient)).toMatchObject({
      phone: 'melon phone',
      hometown: 'sdk town',
      surname: 'sdk surname',
    });
    await expectConverged();
  });

  test('deletes on either side reach the other, cascades included', async () => {
    const [melonEvent] = await sdk.store.query('events', { where: { patient_id: melonPatient } });
    await sdk.store.delete('events', melonEvent!.id);
    const [sdkVisit] = await sdk.store.query('visits', { where: { patient_id: sdkPatient } });
    await melon.markAsDeleted('visits', sdkVisit!.id);
    await melon.sync();
    await syncBoth();
    await melon.sync();
    expect(await melon.find('events', melonEvent!.id)).toBeNull();
    expect(await sdk.store.find('visits', sdkVisit!.id)).toBeNull();
    // The visit's events and vitals went with it on the server, and on both devices.
    expect(await sdk.store.count('patient_vitals', { where: { visit_id: sdkVisit!.id } })).toBe(0);
    await expectConverged();
  });
});

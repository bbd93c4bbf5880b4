import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import type { NodeDevice } from '../src/node.js';
import { openTestDevice } from './support/devices.js';

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let deviceA: NodeDevice;
let deviceB: NodeDevice;
const patientId = 'merge-patient-1';

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  alice = await server.addUser('provider', allPermissions);
  bob = await server.addUser('provider', allPermissions);
  deviceA = await openTestDevice(server, alice);
  deviceB = await openTestDevice(server, bob);
  await deviceA.store.create('patients', {
    id: patientId,
    given_name: 'Amina',
    surname: 'Haddad',
    primary_clinic_id: server.clinicId,
  });
  await deviceA.engine.sync();
  await deviceB.engine.sync();
});
afterAll(async () => {
  await deviceA?.close();
  await deviceB?.close();
  await server?.close();
});

describe('merge between two SDK devices', () => {
  test('edits of different columns of one record on two devices both survive', async () => {
    await deviceA.store.update('patients', patientId, { phone: '+961 1 111' });
    await deviceB.store.update('patients', patientId, { hometown: 'Tripoli' });
    await deviceA.engine.sync();
    // B pulls A's phone while its own hometown is pending: both are kept, then pushed.
    const report = await deviceB.engine.sync();
    expect(report.pulled.patients).toEqual({ created: 0, updated: 1, deleted: 0 });
    await deviceA.engine.sync();
    const a = await deviceA.store.find('patients', patientId);
    expect(a).toMatchObject({ phone: '+961 1 111', hometown: 'Tripoli' });
    expect(await deviceB.store.find('patients', patientId)).toEqual(a);
    expect(await deviceA.store.syncStatus('patients', patientId)).toBe('synced');
    expect(await deviceB.store.syncStatus('patients', patientId)).toBe('synced');
  });

  test('one column edited on two devices: the last pusher wins everywhere, and the server logs it', async () => {
    await deviceA.store.update('patients', patientId, { surname: 'Haddad-A' });
    await deviceB.store.update('patients', patientId, { surname: 'Khoury-B' });
    await deviceA.engine.sync();
    await deviceB.engine.sync();
    await deviceA.engine.sync();
    const a = await deviceA.store.find('patients', patientId);
    expect(a).toMatchObject({ surname: 'Khoury-B' });
    expect(await deviceB.store.find('patients', patientId)).toEqual(a);
    const conflicts = await server.database.db.query<Record<string, unknown>>(
      "SELECT * FROM conflicts WHERE row_id = $1 AND column_name = 'surname'",
      [patientId],
    );
    expect(conflicts).toEqual([
      expect.objectContaining({
        applied_value: 'Khoury-B',
        replaced_value: 'Haddad-A',
        applied_by: bob.id,
        replaced_by: alice.id,
      }),
    ]);
  });

  test('a second sync with nothing new pulls and pushes nothing', async () => {
    const report = await deviceA.engine.sync();
    expect(report).toMatchObject({ pulled: {}, pushed: {}, rejected: [], pages: 1, pushes: 0 });
  });
});

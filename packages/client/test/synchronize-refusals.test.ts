import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import type { NodeDevice } from '../src/node.js';
import { openTestDevice } from './support/devices.js';

let server: TestServer;
let registrar: NodeDevice;

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  // May register patients, but not edit records.
  const user = await server.addUser('registrar', { ...allPermissions, can_edit_records: false });
  registrar = await openTestDevice(server, user);
  await registrar.engine.sync();
});
afterAll(async () => {
  await registrar?.close();
  await server?.close();
});

describe('records the server refuses', () => {
  test('an update without can_edit_records stays pending and is reported, sync after sync', async () => {
    await registrar.store.create('patients', {
      id: 'ref-p1',
      given_name: 'Amina',
      primary_clinic_id: server.clinicId,
    });
    const created = await registrar.engine.sync();
    expect(created.rejected).toEqual([]);
    expect(await registrar.store.syncStatus('patients', 'ref-p1')).toBe('synced');

    await registrar.store.update('patients', 'ref-p1', { phone: '+961 1' });
    const first = await registrar.engine.sync();
    expect(first.rejected).toEqual([{ table: 'patients', id: 'ref-p1', reason: 'forbidden' }]);
    expect(first.pushed).toEqual({});
    expect(await registrar.store.syncStatus('patients', 'ref-p1')).toBe('updated');
    expect(await registrar.store.find('patients', 'ref-p1')).toMatchObject({ phone: '+961 1' });

    const second = await registrar.engine.sync();
    expect(second.rejected).toHaveLength(1);
    expect(await registrar.store.unsyncedCounts()).toEqual({ patients: 1 });
    const [row] = await server.database.db.query<{ phone: string }>(
      'SELECT phone FROM patients WHERE id = $1',
      ['ref-p1'],
    );
    expect(row?.phone).toBe('');
  });

  test('a record of a server-managed table is refused and stays pending', async () => {
    await registrar.store.create('clinics', { id: 'ref-clinic', name: 'My own clinic' });
    const report = await registrar.engine.sync();
    expect(report.rejected).toContainEqual({
      table: 'clinics',
      id: 'ref-clinic',
      reason: 'server_managed',
    });
    expect(await registrar.store.syncStatus('clinics', 'ref-clinic')).toBe('created');
    expect(
      await server.database.db.query('SELECT id FROM clinics WHERE id = $1', ['ref-clinic']),
    ).toEqual([]);
  });
});

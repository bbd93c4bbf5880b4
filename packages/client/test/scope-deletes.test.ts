import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import type { NodeDevice } from '../src/node.js';
import { openTestDevice } from './support/devices.js';

let server: TestServer;
let owner: NodeDevice;
let editor: NodeDevice;

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  owner = await openTestDevice(server, await server.addUser('provider', allPermissions));
  // May edit, but not delete.
  editor = await openTestDevice(
    server,
    await server.addUser('provider', { can_edit_records: true }),
  );
  await owner.engine.sync();
  await editor.engine.sync();
});
afterAll(async () => {
  await owner?.close();
  await editor?.close();
  await server?.close();
});

describe('deletes the server refuses', () => {
  test('a refused delete leaves the device, the server logs it, a later pull brings the record back', async () => {
    await owner.store.create('patients', {
      id: 'del-p1',
      given_name: 'Hana',
      primary_clinic_id: server.clinicId,
    });
    await owner.engine.sync();
    await editor.engine.sync();
    expect(await editor.store.find('patients', 'del-p1')).toMatchObject({ given_name: 'Hana' });

    await editor.store.delete('patients', 'del-p1');
    const refused = await editor.engine.sync();
    expect(refused.rejected).toEqual([{ table: 'patients', id: 'del-p1', reason: 'forbidden' }]);
    const logged = await server.database.db.query<{ kind: string; reason: string }>(
      "SELECT kind, reason FROM conflicts WHERE row_id = 'del-p1'",
    );
    expect(logged).toEqual([{ kind: 'refused', reason: 'forbidden' }]);

    // One sync later than the refusal, so that a device whose answer was lost
    // (and which pushes the delete again) is not told to create what it holds.
    await editor.engine.sync();
    const next = await editor.engine.sync();
    expect(next.rejected).toEqual([]);
    expect(await editor.store.find('patients', 'del-p1')).toMatchObject({ given_name: 'Hana' });
    expect(await editor.store.syncStatus('patients', 'del-p1')).toBe('synced');
    expect(await editor.store.unsyncedCounts()).toEqual({});
  });
});

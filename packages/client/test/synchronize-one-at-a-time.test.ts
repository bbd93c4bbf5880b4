import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import type { NodeDevice, SyncProgress, SyncReport } from '../src/node.js';
import { openTestDevice } from './support/devices.js';
import { seedRecords } from './support/seed-records.js';

let server: TestServer;
let device: NodeDevice;
let user: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  user = await server.addUser('provider', allPermissions);
  const seeder = await openTestDevice(server, user);
  await seedRecords(seeder.store, server.clinicId, 50);
  await seeder.engine.sync();
  await seeder.close();
  device = await openTestDevice(server, user, { pageSize: 20 });
});
afterAll(async () => {
  await device?.close();
  await server?.close();
});

describe('one sync at a time', () => {
  test('calls during a sync share one follow-up sync, which pushes what changed meanwhile', async () => {
    let duringPush: (() => Promise<void>) | undefined;
    const hooked = await openTestDevice(server, user, {
      pageSize: 20,
      fetch: async (input, init) => {
        if (init?.method === 'POST' && duringPush) {
          const hook = duringPush;
          duringPush = undefined;
          await hook();
        }
        return fetch(input, init);
      },
    });
    const phases: SyncProgress['phase'][] = [];
    hooked.engine.onProgress((progress) => {
      if (phases.at(-1) !== progress.phase || progress.phase === 'pull')
        phases.push(progress.phase);
    });
    let second: Promise<SyncReport> | undefined;
    let third: Promise<SyncReport> | undefined;
    duringPush = async () => {
      // The first sync has read what it pushes; this record is for the next one.
      await hooked.store.create('patients', {
        id: 'during-push',
        given_name: 'Late',
        primary_clinic_id: server.clinicId,
      });
      second = hooked.engine.sync();
      third = hooked.engine.sync();
    };
    await hooked.store.create('patients', {
      id: 'before-sync',
      given_name: 'Early',
      primary_clinic_id: server.clinicId,
    });
    const first = hooked.engine.sync();
    expect(hooked.engine.syncing).toBe(true);
    const a = await first;
    expect(second).toBeInstanceOf(Promise);
    expect(third).toBe(second);
    const b = await second!;
    expect(hooked.engine.syncing).toBe(false);

    // Two complete runs, one after the other: never a pull while another sync is running.
    const runs = phases
      .join(' ')
      .split('done')
      .filter((run) => run.trim() !== '');
    expect(runs).toHaveLength(2);
    for (const run of runs) expect(run.trim()).toMatch(/^(pull )+push( push)*$/);
    expect(a.pages).toBeGreaterThan(5);
    expect(a.pushed.patients).toEqual({ created: 1, updated: 0, deleted: 0 });
    expect(b.pushed.patients).toEqual({ created: 1, updated: 0, deleted: 0 });
    expect(await hooked.store.unsyncedCounts()).toEqual({});
    await hooked.close();
  });

  test('a failed sync does not block the next one', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(device.engine.sync({ signal: controller.signal })).rejects.toMatchObject({
      code: 'aborted',
    });
    expect(device.engine.syncing).toBe(false);
    await expect(device.engine.sync()).resolves.toMatchObject({ rejected: [] });
  });
});

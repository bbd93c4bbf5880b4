import type { PullResponse } from '@clinicsync/schema';
import { buildApp } from '@clinicsync/server';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asPushed, clinicalRow } from '@clinicsync/testing/fixtures';
import {
  allPermissions,
  mergeChanges,
  pull,
  push,
  startTestServer,
} from '@clinicsync/testing/server';
import type { TestReplica, TestServer, TestUser } from '@clinicsync/testing/server';
import { createWatermelonDevice } from '@clinicsync/testing/watermelon';

// Pulls read from a streaming replica (DATABASE_READ_URL) that lags behind
// the primary: replay is paused and resumed on the real replica that
// `.ci/replica start` makes with pg_basebackup (TEST_DATABASE_READ_URL).
const replicaUrl = process.env['TEST_DATABASE_READ_URL'];

let server: TestServer;
let replica: TestReplica;
/** The same database without the replica, as a second server process would be. */
let primaryOnly: FastifyInstance;
let alice: TestUser;
let bob: TestUser;

const patientIds = (answer: PullResponse) =>
  [...(answer.changes['patients']?.created ?? []), ...(answer.changes['patients']?.updated ?? [])]
    .map((r) => r.id)
    .sort();

/** Pulls as the device of `user` does, to the end, from `cursor`. */
const pullVia = (app: FastifyInstance, user: TestUser, cursor: number) =>
  pull(app, { auth: user.basic }, cursor);

async function pushPatients(names: readonly string[]): Promise<string[]> {
  const rows = names.map((name) => clinicalRow('patients', server.clinicId, { given_name: name }));
  const result = await push(server.app, { auth: alice.basic }, 0, {
    patients: { created: rows.map((r) => asPushed(r, 'created')) },
  });
  expect(result.status).toBe(200);
  return rows.map((r) => r.id).sort();
}

/** Runs `work` with the replica's replay paused, resumed and caught up after. */
async function whileLagging<T>(work: () => Promise<T>): Promise<T> {
  await replica.catchUp();
  await replica.pause();
  try {
    return await work();
  } finally {
    await replica.resume();
    await replica.catchUp();
  }
}

describe.skipIf(!replicaUrl)('pulls from a read replica', () => {
  beforeAll(async () => {
    server = await startTestServer({ readReplica: true });
    replica = server.replica!;
    primaryOnly = await buildApp({ db: server.database.db, logger: false, fullPullLimit: null });
    alice = await server.addUser('provider', allPermissions);
    bob = await server.addUser('provider', allPermissions);
    await pushPatients(['Amal', 'Beatriz', 'Chidi']);
  });
  afterAll(async () => {
    await primaryOnly?.close();
    await server?.close();
  });

  test('a pull is read on the replica: what it has not replayed comes in the next pull after it has', async () => {
    await replica.catchUp();
    const first = await pullVia(server.app, bob, 0);
    const lagging = await whileLagging(async () => {
      const written = await pushPatients(['Dalia']);
      const answer = await pullVia(server.app, bob, first.timestamp);
      // Committed on the primary, not yet on the replica that answered.
      expect(patientIds(answer)).not.toContain(written[0]);
      expect(answer.timestamp).toBeGreaterThan(first.timestamp);
      return { answer, written };
    });
    const after = await pullVia(server.app, bob, lagging.answer.timestamp);
    expect(patientIds(after)).toEqual(lagging.written);
  });

  test('a device whose cursor is newer than the replica is answered by the primary', async () => {
    await replica.catchUp();
    const start = await pullVia(server.app, bob, 0);
    await whileLagging(async () => {
      const x = await pushPatients(['Esra']);
      // A pull served where the replica does not reach: another server process.
      const newer = await pullVia(primaryOnly, bob, start.timestamp);
      expect(patientIds(newer)).toEqual(x);
      const y = await pushPatients(['Farid']);
      const next = await pullVia(server.app, bob, newer.timestamp);
      expect(next.timestamp).toBeGreaterThan(newer.timestamp);
      expect(patientIds(next)).toEqual(y);
    });
  });

  test('the later pages of a pull begun on a newer snapshot are not read on the replica behind it', async () => {
    await replica.catchUp();
    const since = (await pullVia(server.app, bob, 0)).timestamp;
    const { pages, written } = await whileLagging(async () => {
      const written = await pushPatients(['Gabriel', 'Hana', 'Idris', 'Jimena', 'Karim']);
      // Page one on the primary; the rest asked of the server with the
      // lagging replica, as a device's next request may reach either.
      const pages = [await pull(primaryOnly, { auth: bob.basic }, since, '&limit=1')];
      while (pages.at(-1)!.has_more) {
        const next = encodeURIComponent(pages.at(-1)!.next!);
        pages.push(await pull(server.app, { auth: bob.basic }, since, `&limit=1&next=${next}`));
      }
      return { pages, written };
    });
    expect(pages.length).toBeGreaterThan(written.length - 1);
    const merged = mergeChanges(pages)['patients']!;
    expect([...merged.created, ...merged.updated].map((r) => r.id).sort()).toEqual(written);
    // Nothing older than the pull's timestamp is left for the next pull to find.
    const after = await pullVia(server.app, bob, pages.at(-1)!.timestamp);
    expect(patientIds(after)).toEqual([]);
  });

  test('a stock WatermelonDB device syncing through the replica while it lags ends with every record', async () => {
    await server.listen();
    const device = await createWatermelonDevice({
      serverUrl: server.url,
      email: bob.email,
      password: bob.password,
    });
    try {
      await device.sync();
      const mine = await whileLagging(async () => {
        await pushPatients(['Laila', 'Mateo']);
        const id = await device.create(
          'patients',
          clinicalRow('patients', server.clinicId, { given_name: 'Nour' }),
        );
        await device.sync();
        return id;
      });
      await device.sync();
      await device.sync();
      expect(device.diagnostics).toEqual([]);
      expect(await device.hasUnsyncedChanges()).toBe(false);
      const truth = await pullVia(primaryOnly, server.admin, 0);
      const held = (await device.all('patients')).map((r) => String(r['id'])).sort();
      expect(held).toEqual(patientIds(truth));
      expect(held).toContain(mine);
    } finally {
      await device.close();
    }
  });
});

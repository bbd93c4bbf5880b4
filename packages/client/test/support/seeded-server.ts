import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import type { NodeDevice } from '../../src/node.js';
import { openTestDevice } from './devices.js';
import { seedRecords } from './seed-records.js';

/**
 * A listening server and a provider whose device (`seeder`, to be closed by
 * the test) has pushed `patients` seeded patients with a visit and an event each.
 */
export async function startSeededServer(
  patients: number,
): Promise<{ server: TestServer; user: TestUser; seeder: NodeDevice }> {
  const server = await startTestServer();
  await server.listen();
  const user = await server.addUser('provider', allPermissions);
  const seeder = await openTestDevice(server, user);
  await seedRecords(seeder.store, server.clinicId, patients);
  await seeder.engine.sync();
  return { server, user, seeder };
}

import { syncedTables } from '@clinicsync/schema';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { openNodeDevice } from '../../src/node.js';
import type { NodeDevice, NodeDeviceOptions } from '../../src/node.js';

/** An SDK device of `user` on the test server (in memory unless `file` is given), fast retries. */
export async function openTestDevice(
  server: TestServer | { url: string },
  user: Pick<TestUser, 'email' | 'password'>,
  options: Partial<NodeDeviceOptions> = {},
): Promise<NodeDevice> {
  return openNodeDevice({
    serverUrl: server.url,
    auth: { type: 'basic', email: user.email, password: user.password },
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
    ...options,
  });
}

/** Every live row of `table` on a device, by id (the wire values). */
export async function allRows(
  device: NodeDevice,
  table: Parameters<NodeDevice['store']['query']>[0],
) {
  return device.store.query(table, { orderBy: [{ column: 'id' }] });
}

/** Every live row of every synced table, for comparing two devices. */
export async function deviceContents(device: NodeDevice): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of syncedTables) result[table.name] = await allRows(device, table.name);
  return result;
}

import { tableSpecs } from '@clinicsync/schema';
import type { TableName } from '@clinicsync/schema';
import type { CliDevice } from './device-open.js';
import { readDeviceId } from './device-state.js';

const count = (n: number) => n.toLocaleString('en-US');

/** "patients 1, visits 2", or "none". */
function listCounts(counts: readonly [string, number][]): string {
  const parts = counts.filter(([, n]) => n > 0).map(([table, n]) => `${table} ${count(n)}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** What `device status` prints: server, user, device id, last sync, pending and local records. */
export async function describeDevice(device: CliDevice): Promise<string> {
  const { state, store } = device;
  const deviceId = await readDeviceId(device.driver);
  const pending = await store.unsyncedCounts();
  const pendingTotal = Object.values(pending).reduce((sum, n) => sum + n, 0);
  const local: [TableName, number][] = [];
  for (const spec of tableSpecs) local.push([spec.name, await store.count(spec.name)]);
  const expired = Date.parse(state.expiresAt) <= Date.now();
  const lines = [
    `Database:  ${device.file}`,
    `Server:    ${state.serverUrl}`,
    `User:      ${state.user.email} (${state.user.name}, ${state.user.role})`,
    `Sign-in:   ${expired ? 'expired at' : 'valid until'} ${state.expiresAt}${expired ? ' (run `clinicsync device init` again)' : ''}`,
    `Device id: ${deviceId ?? '(made at the first sync)'}`,
    `Last sync: ${state.lastSyncAt ?? 'never'}`,
    `Pending:   ${count(pendingTotal)}${pendingTotal > 0 ? ` (${listCounts(Object.entries(pending))})` : ''}`,
    `Records:   ${listCounts(local)}`,
  ];
  return lines.join('\n') + '\n';
}

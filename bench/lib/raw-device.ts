// A device as raw HTTP calls to /api/v2/sync (the WatermelonDB protocol with
// the SDK's paging): no local database, so one process can run hundreds.
import { randomUUID } from 'node:crypto';
import type { ChangeSet } from './raw-pull.js';

export interface RawDevice {
  readonly serverUrl: string;
  /** The whole `Authorization` header (Basic, so every call is authenticated as a device's is). */
  readonly authorization: string;
  readonly deviceId: string;
  readonly timeoutMs: number;
}

interface PullPage {
  changes: ChangeSet;
  timestamp: number;
  has_more?: boolean;
  next?: string | null;
}

async function call(device: RawDevice, query: URLSearchParams, body?: object): Promise<unknown> {
  const response = await fetch(`${device.serverUrl}/api/v2/sync?${query}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      authorization: device.authorization,
      'x-device-id': device.deviceId,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(device.timeoutMs),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${body ? 'push' : 'pull'} answered ${response.status}: ${text.slice(0, 120)}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** Records in a change set, created, updated and deleted. */
export function countRecords(changes: ChangeSet): number {
  let n = 0;
  for (const table of Object.values(changes))
    n += table.created.length + table.updated.length + table.deleted.length;
  return n;
}

/**
 * A pull from `since`, paged as the SDK pages (following `next`); `onPage`
 * sees each page's changes. The timestamp is the device's next cursor.
 */
export async function pullFrom(
  device: RawDevice,
  since: number,
  pageSize = 5000,
  onPage?: (changes: ChangeSet) => void,
): Promise<{ timestamp: number; records: number; pages: number }> {
  let next: string | null = null;
  let timestamp = since;
  let records = 0;
  let pages = 0;
  do {
    const query = new URLSearchParams({ last_pulled_at: String(since), limit: String(pageSize) });
    if (next) query.set('next', next);
    const page = (await call(device, query)) as PullPage;
    timestamp = page.timestamp;
    records += countRecords(page.changes);
    pages++;
    onPage?.(page.changes);
    next = page.has_more ? (page.next ?? null) : null;
  } while (next);
  return { timestamp, records, pages };
}

/** A push of `changes`, made after a pull whose timestamp was `lastPulledAt`. */
export async function push(
  device: RawDevice,
  lastPulledAt: number,
  changes: Record<string, object>,
): Promise<void> {
  await call(device, new URLSearchParams({ last_pulled_at: String(lastPulledAt) }), changes);
}

/**
 * A new record in WatermelonDB's raw shape as a device pushes it: `template`'s
 * values (a stored row of the table, so every column is realistic), then `values`.
 */
export function createdRecord(
  template: Record<string, unknown>,
  values: Record<string, unknown> = {},
): Record<string, unknown> {
  const now = Date.now();
  return {
    ...template,
    ...values,
    id: randomUUID(),
    created_at: now,
    updated_at: now,
    _status: 'created',
    _changed: '',
  };
}

// 100 devices syncing at once, each as a synced device does: a pull from a
// recent cursor (paged like the SDK), a push of 10 new records (2 patients,
// 4 visits, 4 events, values copied from stored rows, WatermelonDB's raw
// shape), then another pull. Raw HTTP keeps 100 devices light in one process.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openNodeDevice } from '@clinicsync/client/node';
import { readCursor, readTemplateRows } from '../lib/device-files.js';
import { peerInput, runPeer } from '../lib/peer.js';
import { databaseCpuMeter, processCpuMs } from '../lib/postgres-cpu.js';
import { basicAuth } from '../lib/raw-pull.js';
import type { Credentials } from '../lib/raw-pull.js';
import { percentile } from '../lib/stats.js';

interface Input extends Credentials {
  devices: number;
  /** A synced device's database: brought up to date, its cursor is where every device pulls from. */
  sourceFile: string;
  timeoutMs: number;
  /** The server's process, whose CPU over the timed part is divided among the syncs. */
  serverPid: number;
  /** The run's PostgreSQL database, whose backends' CPU is counted the same way; null on PGlite. */
  databaseUrl: string | null;
}

const input = peerInput<Input>();
const templates = readTemplateRows(input.sourceFile, ['patients', 'visits', 'events']);

async function call(
  url: string,
  deviceId: string,
  body?: object,
): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: body ? 'POST' : 'GET',
    headers: {
      authorization: basicAuth(input),
      'x-device-id': deviceId,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(input.timeoutMs),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${body ? 'push' : 'pull'} answered ${response.status}: ${text.slice(0, 120)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Records all devices received: each device's pulls carry the others' pushes. */
let recordsPulled = 0;

function countRecords(changes: unknown): number {
  let n = 0;
  for (const table of Object.values(changes as Record<string, Record<string, unknown[]>>))
    n += table['created']!.length + table['updated']!.length + table['deleted']!.length;
  return n;
}

async function pull(deviceId: string, since: number): Promise<number> {
  let next: string | null = null;
  let timestamp = since;
  do {
    const query = new URLSearchParams({ last_pulled_at: String(since), limit: '5000' });
    if (next) query.set('next', next);
    const page = await call(`${input.serverUrl}/api/v2/sync?${query}`, deviceId);
    timestamp = page['timestamp'] as number;
    recordsPulled += countRecords(page['changes']);
    next = page['has_more'] ? (page['next'] as string) : null;
  } while (next);
  return timestamp;
}

function newRecords(): object {
  const raw = (table: string, values: Record<string, unknown>): Record<string, unknown> => ({
    ...templates[table],
    ...values,
    id: randomUUID(),
    created_at: Date.now(),
    updated_at: Date.now(),
    _status: 'created',
    _changed: '',
  });
  const patients = [0, 1].map(() =>
    raw('patients', { given_name: 'Load', external_patient_id: randomUUID() }),
  );
  const visits = patients.flatMap((p) => [0, 1].map(() => raw('visits', { patient_id: p['id'] })));
  const events = visits.map((v) =>
    raw('events', { patient_id: v['patient_id'], visit_id: v['id'] }),
  );
  const empty = { updated: [], deleted: [] };
  return {
    patients: { created: patients, ...empty },
    visits: { created: visits, ...empty },
    events: { created: events, ...empty },
  };
}

async function device(cursor: number): Promise<number> {
  const deviceId = randomUUID();
  const started = performance.now();
  const timestamp = await pull(deviceId, cursor);
  await call(`${input.serverUrl}/api/v2/sync?last_pulled_at=${timestamp}`, deviceId, newRecords());
  await pull(deviceId, timestamp);
  return performance.now() - started;
}

/** The run database's backends, metered through a connection of their own (PostgreSQL only). */
async function openDatabaseMeter() {
  if (!input.databaseUrl) return undefined;
  const client = new pg.Client({ connectionString: input.databaseUrl });
  await client.connect();
  const db = {
    query: async <Row>(sql: string, params: readonly unknown[] = []) =>
      (await client.query(sql, params as unknown[])).rows as Row[],
  };
  return { client, cpu: await databaseCpuMeter(db) };
}

runPeer(async () => {
  // Untimed: bring the source device up to date, so every device is a few minutes behind, not days.
  const source = await openNodeDevice({
    file: input.sourceFile,
    serverUrl: input.serverUrl,
    auth: { type: 'basic', email: input.email, password: input.password },
  });
  await source.engine.sync();
  await source.close();
  const cursor = readCursor(input.sourceFile);
  const meter = await openDatabaseMeter();
  const serverCpuBefore = processCpuMs(input.serverPid) ?? 0;
  meter?.cpu.start();
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: input.devices }, () => device(cursor)),
  );
  const wallMs = performance.now() - started;
  const databaseCpuMs = meter ? meter.cpu.stop() : null;
  const serverCpuMs = (processCpuMs(input.serverPid) ?? serverCpuBefore) - serverCpuBefore;
  await meter?.client.end();
  const latencies = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
  return {
    devices: input.devices,
    syncsPerSecond: latencies.length / (wallMs / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    recordsPulledPerSync: recordsPulled / input.devices,
    errors: errors.length,
    // Per device's sync (its three calls), failed ones included: what one more device costs.
    serverCpuMsPerSync: serverCpuMs / input.devices,
    databaseCpuMsPerSync: databaseCpuMs === null ? null : databaseCpuMs / input.devices,
    firstErrors: [...new Set(errors)].slice(0, 3),
    wallMs,
  };
});

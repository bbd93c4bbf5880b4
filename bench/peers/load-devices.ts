// 100 devices syncing at once, each as a synced device does: a pull from a
// recent cursor (paged like the SDK), a push of 10 new records (2 patients,
// 4 visits, 4 events, values copied from stored rows, WatermelonDB's raw
// shape), then another pull. Raw HTTP keeps 100 devices light in one process.
import { randomUUID } from 'node:crypto';
import { openNodeDevice } from '@clinicsync/client/node';
import { readCursor, readTemplateRows } from '../lib/device-files.js';
import { peerInput, runPeer } from '../lib/peer.js';
import { openDatabaseCpuMeter, processCpuMs } from '../lib/postgres-cpu.js';
import { createdRecord, pullFrom, push } from '../lib/raw-device.js';
import type { RawDevice } from '../lib/raw-device.js';
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

/** Records all devices received: each device's pulls carry the others' pushes. */
let recordsPulled = 0;

function newRecords(): Record<string, object> {
  const raw = (table: string, values: Record<string, unknown>) =>
    createdRecord(templates[table]!, values);
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
  const device: RawDevice = {
    serverUrl: input.serverUrl,
    authorization: basicAuth(input),
    deviceId: randomUUID(),
    timeoutMs: input.timeoutMs,
  };
  const started = performance.now();
  const first = await pullFrom(device, cursor);
  await push(device, first.timestamp, newRecords());
  const second = await pullFrom(device, first.timestamp);
  recordsPulled += first.records + second.records;
  return performance.now() - started;
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
  const meter = input.databaseUrl ? await openDatabaseCpuMeter(input.databaseUrl) : undefined;
  const serverCpuBefore = processCpuMs(input.serverPid) ?? 0;
  meter?.cpu.start();
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: input.devices }, () => device(cursor)),
  );
  const wallMs = performance.now() - started;
  const databaseCpuMs = meter ? meter.cpu.stop() : null;
  const serverCpuMs = (processCpuMs(input.serverPid) ?? serverCpuBefore) - serverCpuBefore;
  await meter?.close();
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

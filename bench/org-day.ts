// `node --conditions=source --import tsx bench/org-day.ts [--engine postgres|pglite]
//   [--size S|M] [--clinics 20] [--users 100] [--devices 1000] [--interval 5]
//   [--hours 0.5] [--speed 8] [--push-share 0.3] [--seed 1]`
//
// A simulated day of a 1,000-device organisation (issue 15, item 3b). The
// data set is `clinicsync seed` of `--size` (S: 2,000 patients) over
// `--clinics` clinics (bench/lib/data-sets.ts); `--users` providers are
// created over the administration API, each a member of one clinic
// (round-robin), and `--devices` devices are shared among them (clinics share
// tablets), so each device pulls its clinic's share only. Each user makes one
// real first sync (untimed), whose cursor all of its devices start from, as
// if each had synced at the start of the day; a first sync per device would
// be 1,000 full pulls of a clinic before the day begins, which is not what the
// day measures. Then every device syncs every `--interval` simulated minutes
// (±10%, from a random phase: seeded, so the schedule is the same every run)
// for `--hours` simulated hours, time running `--speed` times faster than real
// (the offered rate is printed). A sync is a paged pull from the device's
// cursor and, for `--push-share` of them, a push made after it (half register a
// patient with a visit and two events, half add a visit and two events to a
// patient of the clinic); the pull's timestamp becomes the cursor, so the next
// sync pulls what others pushed meanwhile, as WatermelonDB does. A device
// whose sync is still running when its next is due starts that one late (the
// lag is reported). Devices authenticate with Basic, as the SDK does, so the
// server verifies each user's password again when its 60-second cache lapses.
// Prints a table; writes bench/results/<date>-org-day-<engine>.json.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { signIn } from './lib/admin-api.js';
import { createClinicUsers } from './lib/clinic-users.js';
import type { ClinicUser } from './lib/clinic-users.js';
import { benchUser, clinicsyncCommand, patientsBySize, prepareDataSet } from './lib/data-sets.js';
import type { Engine, Size } from './lib/data-sets.js';
import { machineCpuMs, openDatabaseCpuMeter, processCpuMs } from './lib/postgres-cpu.js';
import { createdRecord, pullFrom, push } from './lib/raw-device.js';
import type { RawDevice } from './lib/raw-device.js';
import { basicAuth } from './lib/raw-pull.js';
import { percentile } from './lib/stats.js';
import { startSyncServer } from './lib/sync-server.js';
import { formatNumber, formatTable } from './lib/table.js';
import { resultStamp, writeResultFile } from './lib/result-file.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgres' },
    size: { type: 'string', default: 'S' },
    clinics: { type: 'string', default: '20' },
    users: { type: 'string', default: '100' },
    devices: { type: 'string', default: '1000' },
    interval: { type: 'string', default: '5' },
    hours: { type: 'string', default: '0.5' },
    speed: { type: 'string', default: '8' },
    'push-share': { type: 'string', default: '0.3' },
    seed: { type: 'string', default: '1' },
  },
});
const engine = args.engine as Engine;
const size = args.size as Size;
const clinics = Number(args.clinics);
const userCount = Number(args.users);
const deviceCount = Number(args.devices);
const intervalMinutes = Number(args.interval);
const hours = Number(args.hours);
const speed = Number(args.speed);
const pushShare = Number(args['push-share']);
const scheduleSeed = Number(args.seed);
if (!['postgres', 'pglite'].includes(engine) || !(size in patientsBySize))
  throw new Error('--engine postgres|pglite, --size S|M|L');
/** One call's limit: a sync that waits this long has failed, as a device's would. */
const callTimeoutMs = 60_000;

/** What a user's first sync leaves for its devices: where to pull from, and rows of its clinic. */
interface UserStart {
  readonly user: ClinicUser;
  readonly authorization: string;
  readonly cursor: number;
  readonly records: number;
  readonly patientIds: string[];
  readonly templates: Record<'patients' | 'visits' | 'events', Record<string, unknown>>;
}

type PushKind = 'none' | 'register' | 'visit';

interface Planned {
  /** Real ms after the day's start. */
  readonly at: number;
  readonly push: PushKind;
  /** Which of the clinic's patients a visit is for (an index, drawn once). */
  readonly patient: number;
}

interface SyncDone {
  readonly ms: number;
  readonly lagMs: number;
  readonly pushed: number;
  readonly pulled: number;
  readonly pages: number;
}

async function firstSync(user: ClinicUser, serverUrl: string, index: number): Promise<UserStart> {
  const authorization = basicAuth({ serverUrl, email: user.email, password: user.password });
  const device: RawDevice = {
    serverUrl,
    authorization,
    deviceId: deviceUuid(1_000_000 + index),
    timeoutMs: 300_000,
  };
  const patientIds: string[] = [];
  const templates: Partial<UserStart['templates']> = {};
  const pulled = await pullFrom(device, 0, 5000, (changes) => {
    for (const name of ['patients', 'visits', 'events'] as const) {
      const rows = changes[name]?.created ?? [];
      if (rows[0]) templates[name] ??= rows[0];
      if (name === 'patients') for (const row of rows) patientIds.push(row['id'] as string);
    }
  });
  if (!templates.patients || !templates.visits || !templates.events)
    throw new Error(`${user.email} pulled no patient, visit or event of ${user.clinicId}`);
  return {
    user,
    authorization,
    cursor: pulled.timestamp,
    records: pulled.records,
    patientIds,
    templates: templates as UserStart['templates'],
  };
}

/** A UUID from a number: devices keep their id from run to run. */
function deviceUuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Every device's syncs, drawn in device order from one seed: the same plan every run. */
function plan(realIntervalMs: number, dayMs: number): Planned[][] {
  const rng = xoroshiro128plus(scheduleSeed);
  const unit = () => uniformInt(rng, 0, 999_999) / 1_000_000;
  return Array.from({ length: deviceCount }, () => {
    const syncs: Planned[] = [];
    for (
      let at = unit() * realIntervalMs;
      at < dayMs;
      at += realIntervalMs * (0.9 + 0.2 * unit())
    ) {
      const draw = unit();
      const push: PushKind =
        draw >= pushShare ? 'none' : draw < pushShare / 2 ? 'register' : 'visit';
      syncs.push({ at, push, patient: uniformInt(rng, 0, 1_000_000) });
    }
    return syncs;
  });
}

function changesFor(start: UserStart, planned: Planned): Record<string, object> | null {
  if (planned.push === 'none') return null;
  const { templates } = start;
  const patients =
    planned.push === 'register'
      ? [
          createdRecord(templates.patients, {
            given_name: 'Day',
            external_patient_id: randomUUID(),
          }),
        ]
      : [];
  const patientId =
    patients[0]?.['id'] ?? start.patientIds[planned.patient % start.patientIds.length];
  const visit = createdRecord(templates.visits, { patient_id: patientId });
  const events = [0, 1].map(() =>
    createdRecord(templates.events, { patient_id: patientId, visit_id: visit['id'] }),
  );
  const empty = { updated: [], deleted: [] };
  return {
    patients: { created: patients, ...empty },
    visits: { created: [visit], ...empty },
    events: { created: events, ...empty },
  };
}

const log = (line: string) => console.log(line);
const dataSet = prepareDataSet(engine, size, log, clinics);
const db = dataSet.forRun(1);
const server = await startSyncServer(db);
const realIntervalMs = (intervalMinutes * 60_000) / speed;
const dayMs = (hours * 3_600_000) / speed;
const offeredPerSecond = deviceCount / (realIntervalMs / 1000);
let result: object;
try {
  const adminToken = await signIn(server.url, benchUser.email, benchUser.password);
  let started = performance.now();
  const users = await createClinicUsers(server.url, adminToken, userCount, clinics);
  log(
    `${userCount} users over ${clinics} clinics created in ${Math.round(performance.now() - started)} ms`,
  );
  started = performance.now();
  const starts: UserStart[] = [];
  for (const [i, user] of users.entries()) starts.push(await firstSync(user, server.url, i));
  const perUser = starts.map((s) => s.records);
  log(
    `first syncs, one per user: ${Math.min(...perUser)}–${Math.max(...perUser)} records each, ` +
      `${Math.round((performance.now() - started) / 1000)} s`,
  );
  const schedule = plan(realIntervalMs, dayMs);
  const planned = schedule.reduce((n, s) => n + s.length, 0);
  log(
    `the day: ${deviceCount} devices, a sync every ${intervalMinutes} simulated min for ${hours} h ` +
      `at ${speed}× (${planned} syncs over ${Math.round(dayMs / 1000)} s): ` +
      `offering ${formatNumber(offeredPerSecond, 1)} syncs/s`,
  );

  const done: SyncDone[] = [];
  const errors: string[] = [];
  const meter = db.databaseUrl ? await openDatabaseCpuMeter(db.databaseUrl) : undefined;
  const serverCpuBefore = processCpuMs(server.pid) ?? 0;
  const loadAverageAtStart = loadavg();
  const machineCpuBefore = machineCpuMs();
  const benchCpuBefore = process.cpuUsage();
  meter?.cpu.start();
  server.beginPhase();
  const dayStart = performance.now();
  let progressAt = 0;
  const runDevice = async (index: number): Promise<void> => {
    const start = starts[index % starts.length]!;
    const device: RawDevice = {
      serverUrl: server.url,
      authorization: start.authorization,
      deviceId: deviceUuid(index + 1),
      timeoutMs: callTimeoutMs,
    };
    let cursor = start.cursor;
    for (const sync of schedule[index]!) {
      const wait = sync.at - (performance.now() - dayStart);
      if (wait > 0) await sleep(wait);
      const began = performance.now();
      try {
        const pulled = await pullFrom(device, cursor);
        const changes = changesFor(start, sync);
        if (changes) await push(device, pulled.timestamp, changes);
        cursor = pulled.timestamp;
        done.push({
          ms: performance.now() - began,
          lagMs: Math.max(0, -wait),
          pushed: changes ? (sync.push === 'register' ? 4 : 3) : 0,
          pulled: pulled.records,
          pages: pulled.pages,
        });
      } catch (error) {
        const cause = error instanceof Error && error.cause ? ` (${String(error.cause)})` : '';
        errors.push(`${String(error)}${cause}`);
      }
      const elapsed = performance.now() - dayStart;
      if (elapsed - progressAt >= 30_000) {
        progressAt = elapsed;
        log(`  ${Math.round(elapsed / 1000)} s: ${done.length} syncs, ${errors.length} errors`);
      }
    }
  };
  await Promise.all(Array.from({ length: deviceCount }, (_, i) => runDevice(i)));
  const wallMs = performance.now() - dayStart;
  const serverPeakRssMb = server.endPhase();
  const databaseCpuMs = meter ? meter.cpu.stop() : null;
  const serverCpuMs = (processCpuMs(server.pid) ?? serverCpuBefore) - serverCpuBefore;
  const machineCpu = machineCpuMs() - machineCpuBefore;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  await meter?.close();

  const attempted = done.length + errors.length;
  const ms = done.map((d) => d.ms);
  const withPush = done.filter((d) => d.pushed > 0).map((d) => d.ms);
  const sum = (f: (d: SyncDone) => number) => done.reduce((n, d) => n + f(d), 0);
  const figures = {
    offeredSyncsPerSecond: offeredPerSecond,
    achievedSyncsPerSecond: done.length / (wallMs / 1000),
    syncs: done.length,
    errors: errors.length,
    p50Ms: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
    p99Ms: percentile(ms, 99),
    maxMs: Math.max(...ms),
    pushP50Ms: percentile(withPush, 50),
    pushP99Ms: percentile(withPush, 99),
    lateSyncs: done.filter((d) => d.lagMs > 1000).length,
    maxLagMs: Math.max(...done.map((d) => d.lagMs)),
    recordsPulledPerSync: sum((d) => d.pulled) / done.length,
    multiPagePulls: done.filter((d) => d.pages > 1).length,
    recordsPushedPerSync: sum((d) => d.pushed) / done.length,
    syncsWithPush: withPush.length,
    // Per sync attempted, failed ones included: what one more sync costs.
    serverCpuMsPerSync: serverCpuMs / attempted,
    databaseCpuMsPerSync: databaseCpuMs === null ? null : databaseCpuMs / attempted,
    serverCpuShare: serverCpuMs / wallMs,
    databaseCpuShare: databaseCpuMs === null ? null : databaseCpuMs / wallMs,
    // The devices (this process) and the machine as a whole, in cores: what else competed.
    devicesCpuShare: (benchCpu.user + benchCpu.system) / 1000 / wallMs,
    machineCpuShare: machineCpu / wallMs,
    machineCores: availableParallelism(),
    serverPeakRssMb,
    wallMs,
  };
  const firstErrors = [...new Set(errors)].slice(0, 5);
  const row = (name: string, value: string) => [name, value];
  const f1 = (n: number | null) => (n === null ? '—' : formatNumber(n, 1));
  console.log(
    formatTable(
      ['org day', `${engine}, ${size}`],
      [
        row('clinics / users / devices', `${clinics} / ${userCount} / ${deviceCount}`),
        row('simulated', `${hours} h, a sync every ${intervalMinutes} min, ${speed}× speed`),
        row(
          'syncs/s offered / achieved',
          `${f1(offeredPerSecond)} / ${f1(figures.achievedSyncsPerSecond)}`,
        ),
        row(
          'syncs (with a push)',
          `${formatNumber(done.length)} (${formatNumber(withPush.length)})`,
        ),
        row('errors', String(errors.length)),
        row(
          'sync ms p50 / p95 / p99 / max',
          [figures.p50Ms, figures.p95Ms, figures.p99Ms, figures.maxMs]
            .map((n) => f1(n))
            .join(' / '),
        ),
        row('sync with a push ms p50 / p99', `${f1(figures.pushP50Ms)} / ${f1(figures.pushP99Ms)}`),
        row('started > 1 s late (max lag ms)', `${figures.lateSyncs} (${f1(figures.maxLagMs)})`),
        row(
          'records pulled / pushed per sync',
          `${f1(figures.recordsPulledPerSync)} / ${f1(figures.recordsPushedPerSync)}`,
        ),
        row('server CPU ms per sync', f1(figures.serverCpuMsPerSync)),
        row('PostgreSQL CPU ms per sync', f1(figures.databaseCpuMsPerSync)),
        row(
          'cores busy: server / PostgreSQL / devices / machine',
          [
            figures.serverCpuShare,
            figures.databaseCpuShare,
            figures.devicesCpuShare,
            figures.machineCpuShare,
          ]
            .map((n) => (n === null ? '—' : formatNumber(n, 2)))
            .join(' / ') + ` of ${figures.machineCores}`,
        ),
        row('server peak RSS MB', formatNumber(serverPeakRssMb)),
        row('wall s', f1(wallMs / 1000)),
      ],
    ),
  );
  for (const error of firstErrors) console.log(`error: ${error}`);
  result = {
    options: {
      engine,
      size,
      clinics,
      users: userCount,
      devices: deviceCount,
      intervalMinutes,
      hours,
      speed,
      pushShare,
      seed: scheduleSeed,
    },
    rowsSeeded: dataSet.rowsSeeded,
    firstSyncRecordsPerUser: { min: Math.min(...perUser), max: Math.max(...perUser) },
    plannedSyncs: planned,
    loadAverageAtStart,
    ...figures,
    firstErrors,
  };
} finally {
  await server.stop();
  dataSet.dropRun(db);
  dataSet.drop();
}

const git = (cwd: string) =>
  execFileSync('git', ['-C', cwd, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const file = writeResultFile(`${resultStamp()}-org-day-${engine}`, {
  date: new Date().toISOString(),
  commit: git(import.meta.dirname),
  // The server that ran: BENCH_CLINICSYNC_CLI may name another checkout's build.
  serverCommit: git(dirname(clinicsyncCommand())),
  loadAverage: loadavg(),
  ...result,
});
console.log(`written to ${file}`);
if ((result as { errors: number }).errors > 0) process.exitCode = 1;

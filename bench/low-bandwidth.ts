// `node --conditions=source --import tsx bench/low-bandwidth.ts [patients] [runs] [cut-rate] [page-seconds]`
//
// A clinician's first sync over a clinic's satellite link (issue 15, item 4):
// one clinic of 2,000 patients by default (`seedDatabase`, as
// bench/server-pages.ts), its provider's device (the Node SDK into a SQLite
// file, pages of up to 5,000, shrunk to take about `page-seconds` each, the
// SDK's default unless given; 0 keeps them at 5,000) syncing through bench/lib/throttling-proxy.ts at
// 256 kbit/s each way with 2% of answers cut partway (seeded by the run).
// Each cut fails a request; the SDK retries it, or, with retries off, the
// sync fails and the device syncs again at once, as an app does, until a
// sync completes. Three ways of asking:
// - as the SDK asks: `Accept-Encoding: br, gzip, deflate` (it sets it: Node's
//   fetch offers brotli over https only), so the server answers brotli;
// - gzip only, as a device gets where brotli is not on offer (Node's fetch
//   left to itself over http, or a proxy that recompresses);
// - as the SDK asks, with no retries in the SDK: every cut fails the sync.
// Each device must end with exactly the records (ids and values) of a device
// of the same user that synced straight from the server. The server runs in
// this process on PGlite, or on PostgreSQL with TEST_DATABASE_URL.
// Prints a table; writes bench/results/low-bandwidth-<engine>-<date>.json.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeDevice } from '@clinicsync/client/node';
import type { RetryOptions, SyncAuth } from '@clinicsync/client/node';
import { seedDatabase } from '@clinicsync/server';
import { startTestServer } from '@clinicsync/testing/server';
import { compareContents, countRecords, readDeviceContents } from './lib/device-contents.js';
import type { DeviceContents } from './lib/device-contents.js';
import { pullFigures } from './lib/pull-exchanges.js';
import type { PullFigures } from './lib/pull-exchanges.js';
import { syncUntilComplete } from './lib/sync-until-complete.js';
import type { SyncAttempts } from './lib/sync-until-complete.js';
import { startThrottlingProxy } from './lib/throttling-proxy.js';
import type { LinkCount } from './lib/throttling-proxy.js';
import { formatNumber, formatTable } from './lib/table.js';
import { watchProgress } from './lib/watch-progress.js';
import type { ProgressFigures } from './lib/watch-progress.js';
import { resultStamp, writeResultFile } from './lib/result-file.js';

const patients = Number(process.argv[2] ?? 2_000);
const runs = Number(process.argv[3] ?? 1);
const cutRate = Number(process.argv[4] ?? 0.02);
const pageSeconds = process.argv[5] === undefined ? undefined : Number(process.argv[5]);
const bitsPerSecond = 256_000;
const maxSyncs = 100;
const bytesPerRecordTarget = 70;

interface Scenario {
  readonly name: string;
  /** Sent instead of what the SDK asks for; null: left to it. */
  readonly acceptEncoding: string | null;
  readonly retry?: RetryOptions;
}

const scenarios: Scenario[] = [
  { name: 'as the SDK asks (br), SDK retries', acceptEncoding: null },
  { name: 'gzip only, SDK retries', acceptEncoding: 'gzip, deflate' },
  { name: 'as the SDK asks (br), no retries', acceptEncoding: null, retry: { retries: 0 } },
];

interface Outcome {
  readonly scenario: string;
  readonly run: number;
  readonly encoding: string;
  readonly attempts: Omit<SyncAttempts, 'report'> & { resumed: boolean | null };
  readonly link: LinkCount;
  readonly pull: PullFigures;
  readonly progress: ProgressFigures;
  readonly records: number;
  readonly differences: readonly string[];
}

/** The SDK's requests, asking for `acceptEncoding` instead. */
function fetchAsking(acceptEncoding: string): typeof fetch {
  return (input, init) =>
    fetch(input, {
      ...init,
      headers: { ...(init?.headers as Record<string, string>), 'accept-encoding': acceptEncoding },
    });
}

async function firstSync(
  serverUrl: string,
  auth: SyncAuth,
  file: string,
  scenario: Scenario | null,
): Promise<{ attempts: SyncAttempts; progress: ProgressFigures; contents: DeviceContents }> {
  const device = await openNodeDevice({
    file,
    serverUrl,
    auth,
    ...(pageSeconds === undefined ? {} : { pageSeconds }),
    ...(scenario?.retry ? { retry: scenario.retry } : {}),
    ...(scenario?.acceptEncoding ? { fetch: fetchAsking(scenario.acceptEncoding) } : {}),
  });
  try {
    const watch = watchProgress();
    device.engine.onProgress(watch.listener);
    const attempts = await syncUntilComplete(device.engine, scenario ? maxSyncs : 1);
    return {
      attempts,
      progress: watch.figures(),
      contents: await readDeviceContents(device.driver),
    };
  } finally {
    await device.close();
  }
}

const server = await startTestServer();
const seeded = await seedDatabase(server.database.db, { seed: 1, clinics: 1, patients });
const provider = seeded.users.find((u) => u.role === 'provider');
if (!provider) throw new Error('the seed made no provider');
const serverUrl = await server.listen();
const auth: SyncAuth = { type: 'basic', email: provider.email, password: seeded.password };
const engine = server.database.db.engine;
const dir = mkdtempSync(join(tmpdir(), 'clinicsync-low-bandwidth-'));
console.log(
  `${seeded.rows} records seeded (${patients} patients, 1 clinic) on ${engine}; ` +
    `${bitsPerSecond / 1000} kbit/s each way, ${cutRate * 100}% of answers cut; ${runs} run(s)`,
);

const outcomes: Outcome[] = [];
let direct: { records: number; pages: number; ms: number; perTable: Record<string, number> };
try {
  const reference = await firstSync(serverUrl, auth, join(dir, 'direct.db'), null);
  const report = reference.attempts.report!;
  direct = {
    records: countRecords(reference.contents),
    pages: report.pages,
    ms: reference.attempts.ms,
    perTable: Object.fromEntries([...reference.contents].map(([t, rows]) => [t, rows.size])),
  };
  console.log(
    `direct first sync (no proxy): ${direct.records} records, ${direct.pages} pages, ${Math.round(direct.ms)} ms`,
  );
  for (let run = 1; run <= runs; run++) {
    for (const [index, scenario] of scenarios.entries()) {
      const proxy = await startThrottlingProxy(serverUrl, { bitsPerSecond, cutRate, seed: run });
      try {
        const file = join(dir, `run${run}-${index}.db`);
        const synced = await firstSync(proxy.url, auth, file, scenario);
        const { report, ...attempts } = synced.attempts;
        const page = proxy.exchanges.find((e) => e.path.startsWith('/api/v2/sync'));
        const outcome: Outcome = {
          scenario: scenario.name,
          run,
          encoding: `${page?.acceptEncoding ?? '—'} → ${page?.contentEncoding ?? 'identity'}`,
          attempts: { ...attempts, resumed: report?.resumed ?? null },
          link: proxy.count(),
          pull: pullFigures(proxy.exchanges),
          progress: synced.progress,
          records: countRecords(synced.contents),
          differences: compareContents(synced.contents, reference.contents),
        };
        outcomes.push(outcome);
        console.log(
          `run ${run}, ${scenario.name}: ${Math.round(attempts.ms / 1000)} s, ${attempts.syncs} sync(s), ${outcome.link.cuts} cut(s)`,
        );
        for (const difference of outcome.differences) console.log(`  differs: ${difference}`);
      } finally {
        await proxy.close();
      }
    }
  }
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}

/** Completes, resumes from its last page, the same records as the direct sync, bytes within the target. */
function meetsTarget(o: Outcome): boolean {
  return (
    o.attempts.completed &&
    o.differences.length === 0 &&
    o.pull.wholeTwice === 0 &&
    o.pull.refetched === o.pull.cutPages &&
    o.link.downBytes / o.records <= bytesPerRecordTarget
  );
}

const seconds = (ms: number) => formatNumber(ms / 1000, 1);
console.log(
  formatTable(
    [
      'first sync over 256 kbit/s',
      'run',
      'encoding',
      'completed',
      'time s',
      'kbit/s down',
      'syncs',
      'cuts',
      'pages',
      'page requests',
      're-fetched',
      'bytes cut',
      'progress events',
      'last progress',
      'longest still s',
      'down B/record',
      'up B/record',
      'same as direct',
      'target met',
    ],
    outcomes.map((o) => [
      o.scenario,
      String(o.run),
      o.encoding,
      o.attempts.completed ? 'yes' : 'NO',
      seconds(o.attempts.ms),
      formatNumber((o.link.downBytes * 8) / o.attempts.ms, 0),
      String(o.attempts.syncs),
      String(o.link.cuts),
      String(o.pull.pages),
      String(o.pull.pageRequests),
      String(o.pull.refetched),
      formatNumber(o.pull.cutBytes),
      `${o.progress.pageEvents} / ${o.progress.events}`,
      o.progress.lastFraction === null ? '—' : `${formatNumber(o.progress.lastFraction * 100, 1)}%`,
      seconds(o.progress.longestStillMs),
      formatNumber(o.link.downBytes / o.records, 1),
      formatNumber(o.link.upBytes / o.records, 1),
      o.differences.length === 0 ? `yes (${formatNumber(o.records)})` : 'NO',
      meetsTarget(o) ? 'yes' : 'NO',
    ]),
  ),
);

const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const file = writeResultFile(`low-bandwidth-${engine}-${resultStamp()}`, {
  date: new Date().toISOString(),
  commit,
  engine,
  patients,
  runs,
  cutRate,
  pageSeconds: pageSeconds ?? null,
  bitsPerSecond,
  seeded: seeded.rows,
  direct,
  outcomes,
});
console.log(`written to ${file}`);
if (!outcomes.every(meetsTarget)) process.exitCode = 1;

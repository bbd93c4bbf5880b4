// `node --conditions=source --import tsx bench/engine-first-sync.ts [patients] [runs]`
//
// The device's first sync through each SQLite engine the SDK runs on, in
// Node and without a browser: better-sqlite3 (the Node SDK) and SQLite
// WASM's Node build (the web app's engine, in memory here: OPFS needs a
// browser), its rows bound from arrays (`rows`) or from pages read and
// packed as the web app's page reader does (`packed pages`). The same clinic as bench/browser-first-sync.ts (`clinicsync seed
// --clinics 1 --patients 20000` by default), synced by the SDK's engine
// against a server in this process (PGlite, or PostgreSQL with
// TEST_DATABASE_URL). Separates what the browser's first sync spends in the
// engine from what it spends in the page and the worker's messages.
// BENCH_PROFILE=<dir> writes a CPU profile of each engine's first run there;
// BENCH_OO1_BIND=1 adds SQLite WASM with rows bound by oo1's `Stmt.bind`, as
// the browser's worker bound them before wasm-row-writer.ts.
// Prints a table; writes bench/results/<date>-engine-first-sync.json.
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { seedDatabase } from '@clinicsync/server';
import { startTestServer } from '@clinicsync/testing/server';
import {
  createNodeDriver,
  createSyncEngine,
  openStore,
  signIn,
} from '../packages/client/src/node.js';
import type { SqlDriver, SqlStatement, SqlValue } from '../packages/client/src/node.js';
import {
  createBatchLog,
  registerSearchFunctions,
  runBatch,
  runQuery,
} from '../packages/client/src/browser/sql-executor.js';
import type { Oo1Database, Oo1Statement } from '../packages/client/src/browser/sql-executor.js';
import { WasmRowWriter } from '../packages/client/src/browser/wasm-row-writer.js';
import { unpackRows } from '../packages/client/src/driver/packed-rows.js';
import type { AnswerContext } from '../packages/client/src/sync/http-client.js';
import { readPackedPage } from '../packages/client/src/sync/pulled-page.js';
import type { RowWriter } from '../packages/client/src/browser/wasm-row-writer.js';
import { median } from './lib/stats.js';
import { formatNumber, formatTable } from './lib/table.js';
import { resultStamp, writeResultFile } from './lib/result-file.js';

const patients = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 3);
const profileDir = process.env['BENCH_PROFILE'];

const sqlite3 = await sqlite3InitModule();

/** Rows bound by oo1's `Stmt.bind`, as the worker did before WasmRowWriter: for comparison. */
const oo1Writer: RowWriter = {
  runRows(statement, rows) {
    const prepared = statement as Oo1Statement;
    for (const row of rows) {
      if (row.length > 0) prepared.bind(row);
      prepared.stepReset();
      prepared.clearBindings();
    }
  },
  runPacked(statement, packed) {
    this.runRows(statement, unpackRows(packed));
  },
};

/**
 * The browser worker's executor, called in this process instead of through
 * a worker; with `packed`, pages are read as the browser's page reader
 * reads them (readPackedPage), in this process too.
 */
function wasmDriver(writer: RowWriter, packed = false): SqlDriver {
  const db = new sqlite3.oo1.DB(':memory:', 'c') as unknown as Oo1Database;
  registerSearchFunctions(db);
  createBatchLog(db);
  let batches = 0;
  return {
    query: async <Row extends object>(sql: string, params: readonly SqlValue[] = []) =>
      runQuery(db, sql, params) as unknown as Row[],
    batch: async (statements: readonly SqlStatement[]) => {
      runBatch(db, writer, statements, `batch-${++batches}`);
    },
    close: async () => db.close(),
    ...(packed
      ? {
          stagePage: async (body: ArrayBuffer, context: AnswerContext) =>
            readPackedPage(body, context),
        }
      : {}),
  };
}

/** Milliseconds spent in the engine's batches (the pulled pages' writes) in the current run. */
let batchMs = 0;

/** `driver`, with the time of its batches added to `batchMs`. */
function timed(driver: SqlDriver): SqlDriver {
  return {
    ...driver,
    query: (sql, params) => driver.query(sql, params),
    batch: async (statements) => {
      const started = performance.now();
      try {
        await driver.batch(statements);
      } finally {
        batchMs += performance.now() - started;
      }
    },
    close: () => driver.close(),
  };
}

const engines: Record<string, () => SqlDriver> = {
  'better-sqlite3': () => createNodeDriver({}),
  'sqlite-wasm, rows': () => wasmDriver(new WasmRowWriter(sqlite3)),
  'sqlite-wasm, packed pages': () => wasmDriver(new WasmRowWriter(sqlite3), true),
  ...(process.env['BENCH_OO1_BIND']
    ? { 'sqlite-wasm, oo1 bind': () => wasmDriver(oo1Writer) }
    : {}),
};

const server = await startTestServer();
const seeded = await seedDatabase(server.database.db, { seed: 1, clinics: 1, patients });
const provider = seeded.users.find((u) => u.role === 'provider');
if (!provider) throw new Error('the seed made no provider');
const serverUrl = await server.listen();
const { token } = await signIn(serverUrl, provider.email, seeded.password);
console.log(`${seeded.rows} records seeded (${patients} patients); ${runs} runs an engine`);

/** Records the provider's first sync brings (the seed's rows less what is out of its scope). */
let pulledRecords = 0;

async function firstSync(engine: string): Promise<{ ms: number; batchMs: number }> {
  const store = await openStore(timed(engines[engine]!()));
  batchMs = 0;
  try {
    const sync = createSyncEngine(store, { serverUrl, auth: { type: 'bearer', token } });
    const started = performance.now();
    const report = await sync.sync();
    const ms = performance.now() - started;
    const pulled = Object.values(report.pulled).reduce((sum, c) => sum + c.created + c.updated, 0);
    if (pulledRecords !== 0 && pulled !== pulledRecords) {
      throw new Error(
        `${engine} pulled ${pulled} records where another sync pulled ${pulledRecords}`,
      );
    }
    pulledRecords = pulled;
    return { ms, batchMs };
  } finally {
    await store.close();
  }
}

const rows: { engine: string; ms: number[]; batchMs: number[] }[] = [];
try {
  for (const engine of Object.keys(engines)) {
    const times: number[] = [];
    const batchTimes: number[] = [];
    for (let run = 0; run < runs; run++) {
      const session = profileDir && run === 0 ? new Session() : null;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      const run1 = await firstSync(engine);
      times.push(run1.ms);
      batchTimes.push(run1.batchMs);
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        mkdirSync(profileDir!, { recursive: true });
        writeFileSync(join(profileDir!, `${engine}.cpuprofile`), JSON.stringify(profile));
        session.disconnect();
      }
      console.log(
        `${engine} run ${run + 1}: ${Math.round(run1.ms)} ms, ${Math.round(run1.batchMs)} ms in batches`,
      );
    }
    rows.push({ engine, ms: times, batchMs: batchTimes });
  }
} finally {
  await server.close();
}

const table = rows.map(({ engine, ms, batchMs }) => {
  const m = median(ms);
  const b = median(batchMs);
  return {
    engine,
    medianMs: m,
    recordsPerSecond: pulledRecords / (m / 1000),
    batchMedianMs: b,
    batchRecordsPerSecond: pulledRecords / (b / 1000),
  };
});
console.log(
  formatTable(
    [
      'engine',
      'first sync (median)',
      'records/s',
      'in batches (median)',
      'records/s of batch time',
    ],
    table.map((r) => [
      r.engine,
      `${formatNumber(r.medianMs)} ms`,
      formatNumber(r.recordsPerSecond),
      `${formatNumber(r.batchMedianMs)} ms`,
      formatNumber(r.batchRecordsPerSecond),
    ]),
  ),
);
writeResultFile(`${resultStamp()}-engine-first-sync`, {
  at: new Date().toISOString(),
  engine: process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite',
  records: pulledRecords,
  patients,
  runs: rows,
  table,
});

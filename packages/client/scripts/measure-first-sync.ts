// Measures a first sync: a fresh device pulls ~100k rows from a test server
// running in another process (bench-server.ts: PGlite, or PostgreSQL when
// TEST_DATABASE_URL is set) into SQLite.
//
//   node --expose-gc --conditions=source --import tsx packages/client/scripts/measure-first-sync.ts [patients] [pageSize...]
//
// Reports, per page size and database (memory, file): rows/s end to end
// (server included), rows/s of the local apply alone (time inside driver
// batches), and memory (peak JS heap growth of the device process during
// the sync, which should follow the page size, not the number of rows).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createNodeDriver, createSyncEngine, openStore } from '../src/node.js';
import type { SqlDriver, SyncEngineOptions } from '../src/node.js';

const patients = Number(process.argv[2] ?? 33_334);
const pageSizes = process.argv.slice(3).map(Number);
if (pageSizes.length === 0) pageSizes.push(5000, 10_000);

const startedAt = performance.now();
const serverProcess = spawn(
  process.execPath,
  [
    '--conditions=source',
    '--import',
    'tsx',
    join(import.meta.dirname, 'bench-server.ts'),
    String(patients),
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const lines = createInterface({ input: serverProcess.stdout });
const [line] = (await once(lines, 'line')) as [string];
const server = JSON.parse(line) as { url: string; email: string; password: string; rows: number };
console.log(
  `server ready with ${server.rows} seeded rows in ${Math.round(performance.now() - startedAt)} ms (engine: ${process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite'})`,
);
const options: SyncEngineOptions = {
  serverUrl: server.url,
  auth: { type: 'basic', email: server.email, password: server.password },
};

// One unreported run first: the server's first pull of a data set pays for
// cold caches and JIT that a production server has long paid.
{
  const store = await openStore(createNodeDriver());
  await createSyncEngine(store, options).sync();
  await store.close();
}

const directory = mkdtempSync(join(tmpdir(), 'clinicsync-bench-'));
for (const pageSize of pageSizes) {
  for (const kind of ['memory', 'file'] as const) {
    const node = createNodeDriver(
      kind === 'file' ? { file: join(directory, `bench-${pageSize}.db`) } : {},
    );
    let batchMs = 0;
    const driver: SqlDriver = {
      query: (sql, params) => node.query(sql, params),
      async batch(statements) {
        const at = performance.now();
        await node.batch(statements);
        batchMs += performance.now() - at;
      },
      close: () => node.close(),
    };
    const store = await openStore(driver);
    const engine = createSyncEngine(store, { ...options, pageSize });
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(
      () => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)),
      5,
    );
    const started = performance.now();
    const report = await engine.sync();
    const ms = performance.now() - started;
    clearInterval(sampler);
    const rows = Object.values(report.pulled).reduce((sum, c) => sum + c.created + c.updated, 0);
    console.log(
      `pageSize ${pageSize}, ${kind}: ${rows} rows in ${report.pages} pages, ${Math.round(ms)} ms = ` +
        `${Math.round(rows / (ms / 1000))} rows/s end to end; local apply ${Math.round(batchMs)} ms = ` +
        `${Math.round(rows / (batchMs / 1000))} rows/s; JS heap peak +${Math.round((heapPeak - heapBefore) / 2 ** 20)} MB`,
    );
    await store.close();
  }
}
rmSync(directory, { recursive: true, force: true });
serverProcess.stdin.end();
await once(serverProcess, 'exit');

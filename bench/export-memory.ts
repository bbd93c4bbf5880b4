// `node --conditions=source --import tsx bench/export-memory.ts [--small 10000] [--large 100000]`
//
// Does an administrator's export keep the server's memory flat (issue 14,
// item 3)? Seeds two PostgreSQL databases with `clinicsync seed`'s
// generator (10,000 and 100,000 patients, two clinics, about ten records
// each), starts a server process from source on each, and downloads the
// patients CSV, the XLSX and the largest FHIR file (Observation) as a
// super_admin, reading each answer as it streams and keeping none of it.
// For each export, of the server process:
// - its peak RSS during the export (high-water mark reset before,
//   /proc/<pid>/clear_refs; sampled VmRSS where that is refused);
// - the highest sampled RSS in the first and in the second half of the
//   file's bytes: a server that held rows would grow between the two;
// - its RSS and V8 heap after a full GC once the export is done (the
//   memory the export left behind).
// Flat means: the peak at 100,000 patients near the one at 10,000 though
// the file is ten times larger, no growth from the first half to the
// second, and the same memory left after either. V8 grows its heap with a
// long allocation-heavy run before it collects, so a peak is a ceiling
// that its heuristics set, not what is held.
// Prints a table; writes bench/results/<date>-export-memory-postgres.json.
// Needs PostgreSQL on 127.0.0.1:5432 (user postgres), as the other benches.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { buildApp, createUser, openDatabase, seedDatabase } from '@clinicsync/server';
import { signIn } from './lib/admin-api.js';
import { rssMb } from './lib/memory.js';
import { startService, tsNodeArgs } from './lib/processes.js';
import { formatBytes, formatNumber, formatTable } from './lib/table.js';
import { resultStamp, writeResultFile } from './lib/result-file.js';

const admin = { email: 'exporter@bench.clinicsync.local', password: 'bench-export-password-1' };
const { values: flags } = parseArgs({
  options: {
    small: { type: 'string', default: '10000' },
    large: { type: 'string', default: '100000' },
    // The server's V8 old-space cap in MB (node's --max-old-space-size); none by default.
    'max-old-space': { type: 'string' },
    // Internal: run as the measured server process on this database.
    serve: { type: 'string' },
  },
});

const serverRoot = 'postgres://postgres@127.0.0.1:5432';

function psql(sql: string): void {
  execFileSync('psql', [`${serverRoot}/postgres`, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** A fresh database with `patients` seeded patients and the exporting super_admin. */
async function seededDatabase(patients: number): Promise<{ url: string; summary: string }> {
  const name = `cs_bench_export_${patients}_${process.pid}`;
  psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  psql(`CREATE DATABASE ${name}`);
  const url = `${serverRoot}/${name}`;
  const db = await openDatabase({ databaseUrl: url });
  try {
    const seeded = await seedDatabase(db, { seed: 1, clinics: 2, patients });
    await createUser(db, { ...admin, name: 'Exporter', role: 'super_admin', clinicId: '' }, null);
    await db.query('ANALYZE');
    const rows = Object.entries(seeded.counts)
      .map(([table, n]) => `${table} ${formatNumber(n)}`)
      .join(', ');
    return { url, summary: `${formatNumber(seeded.patients)} patients (${rows})` };
  } finally {
    await db.close();
  }
}

interface Measure {
  readonly patients: number;
  readonly export: string;
  readonly bytes: number;
  readonly ms: number;
  /** The server's RSS before the export and its peak during it (MB). */
  readonly rssBeforeMb: number;
  readonly peakRssMb: number;
  /** The highest RSS sampled while the first, and the second, half of the bytes went out (MB). */
  readonly firstHalfRssMb: number;
  readonly secondHalfRssMb: number;
  /** After the export and a full GC: RSS and V8 heap in use (MB). */
  readonly afterGcRssMb: number;
  readonly afterGcHeapMb: number;
  /** After the GC: memory outside the V8 heap that JS objects hold (Buffers), MB. */
  readonly afterGcExternalMb: number;
}

const exports = ['patients.csv', 'patients.xlsx', 'fhir/Observation'] as const;

/** Reads an answer as it streams, counting its bytes (in `progress`) and keeping none. */
async function download(url: string, token: string, progress: { bytes: number }): Promise<void> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200 || !response.body) {
    throw new Error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  for await (const chunk of response.body) progress.bytes += (chunk as Uint8Array).byteLength;
}

const mb = (bytes: number) => bytes / 2 ** 20;
const heapCapMb = flags['max-old-space'] === undefined ? undefined : Number(flags['max-old-space']);

async function measureAll(patients: number, url: string): Promise<Measure[]> {
  let gcLine: ((line: string) => void) | undefined;
  const server = await startService(
    process.execPath,
    [
      '--expose-gc',
      ...(heapCapMb === undefined ? [] : [`--max-old-space-size=${heapCapMb}`]),
      ...tsNodeArgs,
      import.meta.filename,
      '--serve',
      url,
    ],
    {
      timeoutMs: 120_000,
      isReady: (line) => {
        if (line.startsWith('@@gc ')) gcLine?.(line);
        return /^export-memory server at (\S+)/.exec(line)?.[1];
      },
    },
  );
  const afterGc = () =>
    new Promise<{ rss: number; heap: number; external: number }>((resolve) => {
      gcLine = (line) => {
        const [, rss, heap, external] = line.split(' ').map(Number);
        resolve({ rss: mb(rss!), heap: mb(heap!), external: mb(external!) });
      };
      process.kill(server.pid, 'SIGUSR2');
    });
  const base = server.ready as string;
  try {
    const token = await signIn(base, admin.email, admin.password);
    const measures: Measure[] = [];
    for (const name of exports) {
      const rssBeforeMb = rssMb(server.pid);
      const progress = { bytes: 0 };
      const samples: { bytes: number; rss: number }[] = [];
      const sampler = setInterval(
        () => samples.push({ bytes: progress.bytes, rss: rssMb(server.pid) }),
        100,
      );
      server.beginPhase();
      const started = performance.now();
      await download(`${base}/api/admin/export/${name}`, token, progress);
      const ms = performance.now() - started;
      clearInterval(sampler);
      const peakRssMb = server.endPhase();
      const half = progress.bytes / 2;
      // NaN for a half no sample fell in (an export shorter than two samples).
      const highest = (part: typeof samples) =>
        part.length === 0 ? Number.NaN : Math.max(...part.map((p) => p.rss));
      const gc = await afterGc();
      const measure: Measure = {
        patients,
        export: name,
        bytes: progress.bytes,
        ms,
        rssBeforeMb,
        peakRssMb,
        firstHalfRssMb: highest(samples.filter((p) => p.bytes <= half)),
        secondHalfRssMb: highest(samples.filter((p) => p.bytes > half)),
        afterGcRssMb: gc.rss,
        afterGcHeapMb: gc.heap,
        afterGcExternalMb: gc.external,
      };
      measures.push(measure);
      process.stdout.write(
        `  ${formatNumber(patients)} patients, ${name}: ${formatBytes(progress.bytes)} in ${(ms / 1000).toFixed(1)} s, ` +
          `peak RSS ${peakRssMb.toFixed(0)} MB (halves ${measure.firstHalfRssMb.toFixed(0)} / ${measure.secondHalfRssMb.toFixed(0)}), ` +
          `after GC ${gc.rss.toFixed(0)} MB RSS, ${gc.heap.toFixed(0)} MB heap\n`,
      );
    }
    return measures;
  } finally {
    await server.stop();
  }
}

async function runBench(): Promise<void> {
  const startedAt = new Date();
  const sizes = [Number(flags.small), Number(flags.large)];
  const loadBefore = loadavg();
  const measures: Measure[] = [];
  const dataSets: Record<string, string> = {};
  for (const patients of sizes) {
    const seedStarted = performance.now();
    const { url, summary } = await seededDatabase(patients);
    dataSets[String(patients)] = summary;
    process.stdout.write(
      `seeded ${summary} in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s\n`,
    );
    try {
      measures.push(...(await measureAll(patients, url)));
    } finally {
      psql(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
    }
  }

  const [small, large] = sizes as [number, number];
  const at = (n: number, name: string) =>
    measures.find((m) => m.patients === n && m.export === name)!;
  const megabytes = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} MB` : '—');
  const rows = exports.flatMap((name) =>
    [small, large].map((n) => {
      const m = at(n, name);
      return [
        name,
        formatNumber(n),
        formatBytes(m.bytes),
        `${(m.ms / 1000).toFixed(1)} s`,
        megabytes(m.rssBeforeMb),
        megabytes(m.peakRssMb),
        `${megabytes(m.firstHalfRssMb)} / ${megabytes(m.secondHalfRssMb)}`,
        `${megabytes(m.afterGcRssMb)} / ${megabytes(m.afterGcHeapMb)} / ${megabytes(m.afterGcExternalMb)}`,
      ];
    }),
  );
  const header = [
    'export',
    'patients',
    'file',
    'time',
    'RSS before',
    'peak RSS',
    'peak RSS 1st / 2nd half',
    'after GC: RSS / heap / external',
  ];
  process.stdout.write(
    `\nThe server process during each export (PostgreSQL, one process per data set${heapCapMb === undefined ? '' : `, old space capped at ${heapCapMb} MB`}):\n${formatTable(header, rows)}\n`,
  );
  for (const name of exports) {
    const ratio = at(large, name).peakRssMb / at(small, name).peakRssMb;
    process.stdout.write(
      `${name}: peak at ${formatNumber(large)} / at ${formatNumber(small)} = ${ratio.toFixed(2)}×, for a file ${(at(large, name).bytes / at(small, name).bytes).toFixed(1)}× larger\n`,
    );
  }

  const record = {
    date: startedAt.toISOString(),
    commit: execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryMb: Math.round(totalmem() / 2 ** 20),
      node: process.version,
      loadAverageAtStart: loadBefore,
      loadAverageAtEnd: loadavg(),
    },
    engine: 'postgres',
    serverMaxOldSpaceMb: heapCapMb ?? null,
    dataSets,
    measures,
  };
  const cap = heapCapMb === undefined ? '' : `-heap${heapCapMb}`;
  const file = writeResultFile(`${resultStamp(startedAt)}-export-memory${cap}-postgres`, record);
  process.stdout.write(`figures written to ${file}\n`);
}

if (flags.serve !== undefined) {
  const db = await openDatabase({ databaseUrl: flags.serve });
  const app = await buildApp({ db, logger: { level: 'warn' } });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  // On SIGUSR2 (the bench, after an export): a full GC, then what is still held.
  process.on('SIGUSR2', () => {
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed, external } = process.memoryUsage();
    process.stdout.write(`@@gc ${rss} ${heapUsed} ${external}\n`);
  });
  process.stdout.write(`export-memory server at ${url}\n`);
} else {
  await runBench();
}

// `npm run bench -- --size S|M|L[,…] --engine pglite|postgres --runs N`
//
// Seeds the data set (fixed seed), then per run: a pristine copy of it, the
// floor, `clinicsync serve` in its own process, and each peer in its own
// process (first syncs, wire bytes, incremental, push, load). `--peers scoped`
// adds the scope scenario (issue 12) on a data set of its own, with
// `--scoped-clinics` clinics. Prints the medians and writes every run to
// bench/results/<date>-<size>-<engine>.json.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { patientsBySize, prepareDataSet, scopedClinics, seed } from './lib/data-sets.js';
import type { DataSet, Engine, Size } from './lib/data-sets.js';
import { killAllChildren } from './lib/processes.js';
import { summarize } from './lib/report.js';
import { allPeers, knownPeers, runOnce } from './lib/run-once.js';
import type { PeerName, RunFigures, RunOptions } from './lib/run-once.js';
import { runScoped } from './lib/scoped-run.js';
import { resultStamp, writeResultFile } from './lib/result-file.js';

const { values: flags } = parseArgs({
  options: {
    size: { type: 'string', default: 'S' },
    engine: { type: 'string', default: 'pglite' },
    runs: { type: 'string', default: '3' },
    peers: { type: 'string', default: allPeers.join(',') },
    'page-size': { type: 'string', default: '5000' },
    devices: { type: 'string', default: '100' },
    'watermelon-heap-mb': { type: 'string', default: '4096' },
    'scoped-clinics': { type: 'string', default: String(scopedClinics) },
  },
});

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const sizes = flags.size.split(',') as Size[];
if (!sizes.every((s) => s in patientsBySize))
  fail(`--size must be S, M or L (comma-separated), not ${flags.size}`);
const engine = flags.engine as Engine;
if (engine !== 'pglite' && engine !== 'postgres')
  fail(`--engine must be pglite or postgres, not ${flags.engine}`);
const runs = Number(flags.runs);
if (!Number.isInteger(runs) || runs < 1) fail('--runs must be a positive integer');
const peers = new Set(flags.peers.split(',') as PeerName[]);
for (const peer of peers)
  if (!knownPeers.includes(peer)) fail(`unknown peer ${peer}; known: ${knownPeers.join(', ')}`);
const clinicsOfScoped = Number(flags['scoped-clinics']);
if (!Number.isInteger(clinicsOfScoped) || clinicsOfScoped < 2)
  fail('--scoped-clinics must be an integer of at least 2 (the provider joins a second clinic)');
const basePeers = new Set([...peers].filter((p) => p !== 'scoped'));

const log = (line: string) => process.stdout.write(`${line}\n`);
const gitCommit = (() => {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
})();

try {
  for (const size of sizes) {
    log(
      `\n== ${size} (${patientsBySize[size].toLocaleString('en-US')} patients, seed ${seed}) on ${engine}, ${runs} run(s) ==`,
    );
    const startedAt = new Date();
    const loadBefore = loadavg();
    const options = (peerSet: ReadonlySet<PeerName>): RunOptions => ({
      size,
      peers: peerSet,
      pageSize: Number(flags['page-size']),
      devices: Number(flags.devices),
      watermelonHeapMb: Number(flags['watermelon-heap-mb']),
      log,
    });
    // Each data set is made, used by every run and dropped before the next.
    const eachRun = async (
      dataSet: DataSet,
      measure: (db: ReturnType<DataSet['forRun']>) => Promise<RunFigures>,
    ): Promise<RunFigures[]> => {
      const figures: RunFigures[] = [];
      try {
        for (let run = 1; run <= runs; run++) {
          log(`run ${run}/${runs} (load average ${loadavg()[0]!.toFixed(1)})`);
          const db = dataSet.forRun(run);
          try {
            figures.push(await measure(db));
          } finally {
            dataSet.dropRun(db);
          }
        }
      } finally {
        dataSet.drop();
      }
      return figures;
    };
    let baseSummary: string | undefined;
    let results: RunFigures[] = [];
    if (basePeers.size > 0) {
      const dataSet = prepareDataSet(engine, size, log);
      baseSummary = dataSet.rowsSeeded;
      results = await eachRun(dataSet, (db) => runOnce(db, options(basePeers)));
    }
    let scopedSummary: string | undefined;
    if (peers.has('scoped')) {
      log(`scoped: ${clinicsOfScoped} clinics, a provider of one`);
      const dataSet = prepareDataSet(engine, size, log, clinicsOfScoped);
      scopedSummary = dataSet.rowsSeeded;
      const scoped = await eachRun(dataSet, (db) => runScoped(db, options(peers)));
      results =
        results.length === 0
          ? scoped
          : results.map((r, i) => ({
              values: { ...r.values, ...scoped[i]!.values },
              failures: { ...r.failures, ...scoped[i]!.failures },
            }));
    }
    const summary = summarize(results, { size, engine });
    log(`\n${summary.text}`);
    const record = {
      date: startedAt.toISOString(),
      commit: gitCommit,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryMb: Math.round(totalmem() / 2 ** 20),
        node: process.version,
        loadAverageAtStart: loadBefore,
        loadAverageAtEnd: loadavg(),
      },
      size,
      engine,
      dataSet: {
        patients: patientsBySize[size],
        seed,
        summary: baseSummary,
        ...(scopedSummary === undefined
          ? {}
          : { scoped: { clinics: clinicsOfScoped, summary: scopedSummary } }),
      },
      options: {
        runs,
        peers: [...peers],
        pageSize: Number(flags['page-size']),
        devices: Number(flags.devices),
        ...(peers.has('scoped') ? { scopedClinics: clinicsOfScoped } : {}),
      },
      figures: summary.figures,
      failures: results.map((r) => r.failures),
      targets: summary.targets,
    };
    const file = writeResultFile(`${resultStamp(startedAt)}-${size}-${engine}`, record);
    log(`figures written to ${file}`);
    // A failed peer fails the command (CI's smoke run relies on it), except
    // WatermelonDB's: its failure at large sizes is one of the figures.
    const failedPeers = results
      .flatMap((r) => Object.keys(r.failures))
      .filter((g) => g !== 'watermelon');
    if (failedPeers.length > 0) {
      process.stderr.write(`bench: failed at ${size}: ${[...new Set(failedPeers)].join(', ')}\n`);
      process.exitCode = 1;
    }
  }
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  killAllChildren();
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchUser } from './data-sets.js';
import type { RunDatabase, Size } from './data-sets.js';
import { runPeer, startService, tsNodeArgs } from './processes.js';
import type { PeerOutcome, Service } from './processes.js';
import { pullPages } from './raw-pull.js';
import { startSyncServer } from './sync-server.js';

export type PeerName =
  'sdk' | 'watermelon' | 'pouchdb' | 'floor' | 'wire' | 'incremental' | 'push' | 'load' | 'scoped';
/** The peers a run measures by default (all but `scoped`, which needs its own data set). */
export const allPeers: PeerName[] = [
  'floor',
  'sdk',
  'watermelon',
  'pouchdb',
  'wire',
  'incremental',
  'push',
  'load',
];
/** Every peer `--peers` accepts. */
export const knownPeers: PeerName[] = [...allPeers, 'scoped'];

export interface RunOptions {
  readonly size: Size;
  readonly peers: ReadonlySet<PeerName>;
  readonly pageSize: number;
  readonly devices: number;
  /** The heap cap of the WatermelonDB device (MB): past it, its first sync fails as a figure. */
  readonly watermelonHeapMb: number;
  readonly log: (line: string) => void;
}

/** One run's figures (name → value) and the failures, by figure group. */
export interface RunFigures {
  readonly values: Record<string, number>;
  readonly failures: Record<string, string>;
}

const timeoutBySize: Record<Size, number> = { S: 300_000, M: 900_000, L: 2_700_000 };

/**
 * One run on a pristine copy of the data set: the floor (before the server
 * starts: PGlite's directory admits one process), then the sync server and,
 * one at a time, every peer. Peer processes report their own peak RSS; the
 * server's is reset before each peer and read after it.
 */
export async function runOnce(db: RunDatabase, options: RunOptions): Promise<RunFigures> {
  const values: Record<string, number> = {};
  const failures: Record<string, string> = {};
  const work = mkdtempSync(join(tmpdir(), 'clinicsync-bench-run-'));
  const timeoutMs = timeoutBySize[options.size];
  const deviceFile = join(work, 'device.db');
  const want = (peer: PeerName) => options.peers.has(peer);
  const note = (group: string, outcome: PeerOutcome<object>) => {
    options.log(
      `  ${group}: ${outcome.ok ? 'ok' : `FAILED (${outcome.error})`} in ${(outcome.wallMs / 1000).toFixed(1)} s, peak RSS ${Math.round(outcome.peakRssMb)} MB`,
    );
    if (!outcome.ok) failures[group] = outcome.error ?? 'failed';
  };
  let server: (Service & { url: string }) | undefined;
  try {
    if (want('floor')) {
      const floor = await runPeer<{ ms: number; records: number }>(
        'floor-copy',
        { ...db, file: join(work, 'floor.db') },
        { timeoutMs },
      );
      note('floor', floor);
      if (floor.result) {
        values['floor.ms'] = floor.result.ms;
        values['floor.records'] = floor.result.records;
        values['floor.deviceRssMb'] = floor.peakRssMb;
      }
    }
    server = await startSyncServer(db);
    const credentials = { serverUrl: server.url, ...benchUser };
    // Warm-up, untimed: a few pages, so the first measured peer does not pay the server's JIT alone.
    let pages = 0;
    for await (const page of pullPages(credentials, 0, options.pageSize))
      if (page && ++pages === 5) break;

    const onServer = async <R extends object>(
      group: string,
      peer: string,
      input: object,
      nodeArgs: string[] = [],
    ) => {
      server!.beginPhase();
      const outcome = await runPeer<R>(peer, input, { timeoutMs, nodeArgs });
      const serverRss = server!.endPhase();
      note(group, outcome);
      values[`${group}.serverRssMb`] = serverRss;
      values[`${group}.deviceRssMb`] = outcome.peakRssMb;
      return outcome;
    };
    if (want('sdk') || want('incremental') || want('push') || want('load')) {
      const sdk = await onServer<{ ms: number; applyMs: number; records: number }>(
        'sdk',
        'sdk-first-sync',
        {
          ...credentials,
          file: deviceFile,
          pageSize: options.pageSize,
        },
      );
      if (sdk.result) {
        values['sdk.ms'] = sdk.result.ms;
        values['sdk.applyMs'] = sdk.result.applyMs;
        values['sdk.records'] = sdk.result.records;
      }
    }
    if (want('watermelon')) {
      const watermelon = await onServer<{ ms: number }>(
        'watermelon',
        'watermelon-first-sync',
        credentials,
        [`--max-old-space-size=${options.watermelonHeapMb}`],
      );
      if (watermelon.result) values['watermelon.ms'] = watermelon.result.ms;
    }
    if (want('pouchdb'))
      Object.assign(
        values,
        await runPouchDb(credentials, work, timeoutMs, note, failures, options.log),
      );
    if (want('wire')) {
      for (const [name, acceptEncoding] of [
        ['gzip', 'gzip, deflate'],
        ['identity', 'identity'],
      ] as const) {
        const wire = await runPeer<{ wireBytes: number; bodyBytes: number }>(
          'wire-bytes',
          { ...credentials, pageSize: options.pageSize, acceptEncoding },
          { timeoutMs },
        );
        note(`wire.${name}`, wire);
        if (wire.result) values[`wire.${name}Bytes`] = wire.result.wireBytes;
      }
    }
    if (want('incremental')) {
      const edit = await runPeer<{ ms: number; edited: number }>(
        'sdk-edit-rows',
        { ...credentials, sourceFile: deviceFile, file: join(work, 'writer.db') },
        { timeoutMs },
      );
      note('edit', edit);
      if (edit.result) values['incremental.edited'] = edit.result.edited;
      const incremental = await onServer<IncrementalResult>('incremental', 'sdk-incremental', {
        ...credentials,
        file: deviceFile,
        noopSyncs: 21,
      });
      if (incremental.result) {
        const r = incremental.result;
        Object.assign(values, {
          'incremental.behindMs': r.behindMs,
          'incremental.behindRecords': r.behindRecords,
          'incremental.behindWireBytes': r.behindBytes.downWireBytes + r.behindBytes.upBytes,
          'incremental.behindBodyBytes': r.behindBytes.downBodyBytes + r.behindBytes.upBytes,
          'incremental.noopMs': r.noopMedianMs,
          'incremental.noopWireBytes': r.noopBytes.downWireBytes + r.noopBytes.upBytes,
          'incremental.noopBodyBytes': r.noopBytes.downBodyBytes + r.noopBytes.upBytes,
        });
      }
    }
    if (want('push')) {
      const push = await onServer<{ ms: number; pushed: number }>('push', 'sdk-push', {
        ...credentials,
        sourceFile: deviceFile,
        file: join(work, 'pusher.db'),
        patients: 2000,
      });
      if (push.result)
        Object.assign(values, { 'push.ms': push.result.ms, 'push.records': push.result.pushed });
    }
    if (want('load')) {
      const load = await onServer<LoadResult>('load', 'load-devices', {
        ...credentials,
        sourceFile: deviceFile,
        devices: options.devices,
        timeoutMs: 120_000,
        serverPid: server.pid,
        databaseUrl: db.databaseUrl ?? null,
      });
      if (load.result) {
        const r = load.result;
        Object.assign(values, {
          'load.syncsPerSecond': r.syncsPerSecond,
          'load.p50Ms': r.p50Ms,
          'load.p99Ms': r.p99Ms,
          'load.errors': r.errors,
          'load.serverCpuMsPerSync': r.serverCpuMsPerSync,
          'load.recordsPulledPerSync': r.recordsPulledPerSync,
          ...(r.databaseCpuMsPerSync === null
            ? {}
            : { 'load.databaseCpuMsPerSync': r.databaseCpuMsPerSync }),
        });
        if (r.errors > 0) failures['load.errors'] = r.firstErrors.join(' | ');
      }
    }
  } finally {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return { values, failures };
}

interface IncrementalResult {
  behindMs: number;
  behindRecords: number;
  behindBytes: { upBytes: number; downWireBytes: number; downBodyBytes: number };
  noopMedianMs: number;
  noopBytes: { upBytes: number; downWireBytes: number; downBodyBytes: number };
}

interface LoadResult {
  syncsPerSecond: number;
  serverCpuMsPerSync: number;
  /** The others' pushes each device's two pulls brought: the load grows with the square of devices. */
  recordsPulledPerSync: number;
  /** PostgreSQL's backends for the run's database; null on PGlite (inside the server's). */
  databaseCpuMsPerSync: number | null;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  firstErrors: string[];
}

/** PouchDB: its server (own process, loaded untimed from our server) and a replicating device. */
async function runPouchDb(
  credentials: object,
  work: string,
  timeoutMs: number,
  note: (group: string, outcome: PeerOutcome<object>) => void,
  failures: Record<string, string>,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  const values: Record<string, number> = {};
  let pouch: Service | undefined;
  try {
    pouch = await startService(
      process.execPath,
      [
        ...tsNodeArgs,
        join(import.meta.dirname, '..', 'peers', 'pouchdb-server.ts'),
        JSON.stringify(credentials),
      ],
      {
        cwd: work,
        timeoutMs,
        isReady: (line) =>
          line.startsWith('@@ready ') ? (JSON.parse(line.slice(8)) as unknown) : undefined,
      },
    );
    const { url, docs } = pouch.ready as { url: string; docs: number };
    log(`  pouchdb server loaded with ${docs} documents`);
    pouch.beginPhase();
    const replicate = await runPeer<{ ms: number; records: number }>(
      'pouchdb-replicate',
      { url },
      { timeoutMs },
    );
    values['pouchdb.serverRssMb'] = pouch.endPhase();
    note('pouchdb', replicate);
    values['pouchdb.deviceRssMb'] = replicate.peakRssMb;
    if (replicate.result)
      Object.assign(values, {
        'pouchdb.ms': replicate.result.ms,
        'pouchdb.records': replicate.result.records,
      });
  } catch (error) {
    // A PouchDB server that cannot load the data set (e.g. out of memory) is a figure, not the end of the run.
    failures['pouchdb'] = `server: ${error instanceof Error ? error.message : String(error)}`;
    log(`  pouchdb: FAILED (${failures['pouchdb']})`);
  } finally {
    await pouch?.stop();
  }
  return values;
}

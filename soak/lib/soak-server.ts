import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@clinicsync/testing/cli';
import type { ServerProcess } from '@clinicsync/testing/cli';
import { createScratchDatabase } from '@clinicsync/testing/server';
import type { StorageFlags } from '@clinicsync/cli';

/** Where the soak's server keeps its data: a fresh PGlite directory or PostgreSQL database. */
export interface SoakStorage {
  readonly engine: 'pglite' | 'postgres';
  readonly flags: StorageFlags;
  /** The `clinicsync serve` flags for it. */
  readonly args: readonly string[];
  remove(): Promise<void>;
}

/**
 * Fresh storage: a temporary data directory, or a new database on the
 * PostgreSQL server of `adminUrl` (dropped by `remove`).
 */
export async function createSoakStorage(adminUrl: string | undefined): Promise<SoakStorage> {
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'clinicsync-soak-'));
    const data = join(dir, 'data');
    return {
      engine: 'pglite',
      flags: { data, databaseUrl: undefined },
      args: ['--data', data],
      remove: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const fresh = await createScratchDatabase(adminUrl, 'cs_soak');
  return {
    engine: 'postgres',
    flags: { data: '', databaseUrl: fresh.url },
    args: ['--database-url', fresh.url],
    remove: () => fresh.drop(),
  };
}

/** Whether nothing listens on `port` now. */
function isFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * A free port below Linux's ephemeral range (32768 and up): the server
 * leaves it while it is down after a kill, and the kernel must not hand it
 * to one of the many connections made meanwhile.
 */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = randomInt(20_000, 32_000);
    if (await isFree(port)) return port;
  }
  throw new Error('soak: found no free port between 20000 and 32000');
}

/** `clinicsync serve` in its own process, on one port across restarts. */
export interface SoakServer {
  readonly url: string;
  /** SIGKILL: no shutdown, requests in flight die with it. */
  kill(): Promise<void>;
  /** Starts it again on the same storage and port (after a kill or a stop). */
  start(): Promise<void>;
  /** SIGTERM: a clean stop. */
  stop(): Promise<void>;
  isRunning(): boolean;
}

export async function startSoakServer(storage: SoakStorage): Promise<SoakServer> {
  const port = await freePort();
  let process: ServerProcess | undefined;
  const server: SoakServer = {
    url: `http://127.0.0.1:${port}`,
    async start() {
      if (process) throw new Error('soak: the server is already running');
      const started = startServer(['--port', String(port), '--host', '127.0.0.1', ...storage.args]);
      process = started;
      try {
        await started.waitFor(/is running at http/, 120_000);
      } catch (error) {
        started.child.kill('SIGKILL');
        process = undefined;
        throw error;
      }
    },
    async kill() {
      const running = process;
      process = undefined;
      if (!running) return;
      running.child.kill('SIGKILL');
      await running.stop();
    },
    async stop() {
      const running = process;
      process = undefined;
      await running?.stop();
    },
    isRunning: () => process !== undefined,
  };
  await server.start();
  return server;
}

import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { fetchWithCursor } from './database.js';
import type { Database, Isolation, Transaction } from './database.js';

// Counters and versions are int8; every value we store stays below 2^53.
const parsers = { [types.INT8]: (value: string) => Number(value) };

/**
 * PGlite (PostgreSQL in WASM, in process): the embedded engine, persisted
 * under `dataDir`, or in memory when `dataDir` is undefined.
 */
export interface PgliteDatabase extends Database {
  /** A gzipped tarball of the whole data directory (backups, test templates). */
  dumpDataDir(): Promise<Blob>;
}

export async function openPgliteDatabase(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob } = {},
): Promise<PgliteDatabase> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ?? 'memory://', {
    parsers,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  return {
    engine: 'pglite',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async transaction<T>(work: (tx: Transaction) => Promise<T>, isolation?: Isolation) {
      return db.transaction(async (pgTx) => {
        if (isolation) await pgTx.query(`SET TRANSACTION ISOLATION LEVEL ${isolation}`);
        const tx: Transaction = {
          async query<Row>(sql: string, params: readonly unknown[] = []) {
            return (await pgTx.query<Row>(sql, params as unknown[])).rows;
          },
          async execScript(sql: string) {
            await pgTx.exec(sql);
          },
          cursor<Row>(sql: string, params: readonly unknown[], batchSize: number) {
            return fetchWithCursor<Row>(tx, sql, params, batchSize);
          },
        };
        return work(tx);
      });
    },
    async close() {
      await db.close();
    },
    async dumpDataDir() {
      return db.dumpDataDir('gzip');
    },
  };
}

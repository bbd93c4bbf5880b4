import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { fetchWithCursor, setLocalSql } from './database.js';
import type { Database, Isolation, LocalSettings, Transaction } from './database.js';
import { assertPrivateDataDir, restrictDataDirFiles } from './private-data-dir.js';

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

/**
 * Opens PGlite in `dataDir` (created 0700 when new), or in memory. Every
 * file under the directory is made 0600 and every directory 0700 on open
 * and on close.
 *
 * @example
 * const db = await openPgliteDatabase('./data');
 * @throws Error when the directory is open to other users (it says how to
 * fix that), or PGlite's error when it is not a usable data directory.
 */
export async function openPgliteDatabase(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob } = {},
): Promise<PgliteDatabase> {
  if (dataDir) {
    assertPrivateDataDir(dataDir);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  }
  const db = await PGlite.create(dataDir ?? 'memory://', {
    parsers,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  // Its initdb (or the loaded archive) wrote files open to everyone; files
  // PostgreSQL creates later are 0600 already, directories follow the umask.
  if (dataDir) restrictDataDirFiles(dataDir);
  return {
    engine: 'pglite',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async transaction<T>(
      work: (tx: Transaction) => Promise<T>,
      isolation?: Isolation,
      settings?: LocalSettings,
    ) {
      return db.transaction(async (pgTx) => {
        const isolate = isolation ? `SET TRANSACTION ISOLATION LEVEL ${isolation};` : '';
        if (isolation || settings) await pgTx.exec(`${isolate} ${setLocalSql(settings)}`);
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
      if (dataDir) restrictDataDirFiles(dataDir);
    },
    async dumpDataDir() {
      return db.dumpDataDir('gzip');
    },
  };
}

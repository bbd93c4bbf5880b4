import pg from 'pg';
import { fetchWithCursor, setLocalSql } from './database.js';
import type { Database, Isolation, LocalSettings, Transaction } from './database.js';

const int8Oid = 20;

/** node-postgres on a PostgreSQL server: production, and the path to scale. */
export async function openPostgresDatabase(
  connectionString: string,
  options: { maxConnections?: number } = {},
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === int8Oid
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client's error (the server restarted) must not crash the process.
  pool.on('error', () => undefined);
  // Fail now, with the connection error, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  return {
    engine: 'postgres',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(sql, params as unknown[]);
      return result.rows as Row[];
    },
    async transaction<T>(
      work: (tx: Transaction) => Promise<T>,
      isolation?: Isolation,
      settings?: LocalSettings,
    ) {
      const client = await pool.connect();
      let broken = false;
      try {
        const begin = isolation ? `BEGIN ISOLATION LEVEL ${isolation};` : 'BEGIN;';
        await client.query(`${begin} ${setLocalSql(settings)}`);
        const tx: Transaction = {
          async query<Row>(sql: string, params: readonly unknown[] = []) {
            return (await client.query(sql, params as unknown[])).rows as Row[];
          },
          async execScript(sql: string) {
            await client.query(sql);
          },
          cursor<Row>(sql: string, params: readonly unknown[], batchSize: number) {
            return fetchWithCursor<Row>(tx, sql, params, batchSize);
          },
        };
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

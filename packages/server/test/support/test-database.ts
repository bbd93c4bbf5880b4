import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open-database.js';

/** The engine the suite runs on: PostgreSQL when TEST_DATABASE_URL is set, else PGlite in memory. */
export const testEngine = process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite';

export interface TestDatabase {
  readonly db: Database;
  /** The connection string of the fresh database (PostgreSQL only), for a second server process. */
  readonly url: string | undefined;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a
 * new database on the PostgreSQL server of TEST_DATABASE_URL, dropped after.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env['TEST_DATABASE_URL'];
  if (!adminUrl) {
    const db = await openDatabase({});
    return { db, url: undefined, drop: () => db.close() };
  }
  const name = `cs_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString() });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { listMigrations, migrate, openDatabase, openPgliteDatabase } from '@clinicsync/server';
import type { Database } from '@clinicsync/server';

// A PGlite initdb costs seconds on this machine; every test file starts from
// a migrated data directory saved once (named by the migrations it holds).
const templatePath = join(
  tmpdir(),
  `clinicsync-pglite-${createHash('sha256')
    .update(
      listMigrations()
        .map((m) => m.name + m.sql)
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 16)}.tar.gz`,
);

async function openPgliteFromTemplate(): Promise<Database> {
  if (!existsSync(templatePath)) {
    const fresh = await openPgliteDatabase(undefined);
    await migrate(fresh);
    const dump = Buffer.from(await (await fresh.dumpDataDir()).arrayBuffer());
    await fresh.close();
    // Several test processes may race here: each writes its own file, then renames.
    const partial = `${templatePath}.${process.pid}`;
    writeFileSync(partial, dump);
    renameSync(partial, templatePath);
  }
  const db = await openPgliteDatabase(undefined, {
    loadDataDir: new Blob([readFileSync(templatePath)]),
  });
  await migrate(db);
  return db;
}

/** A new, empty database on the PostgreSQL server of `adminUrl`, named `<prefix>_<random>`. */
export async function createScratchDatabase(
  adminUrl: string,
  prefix: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

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
    const db = await openPgliteFromTemplate();
    return { db, url: undefined, drop: () => db.close() };
  }
  const fresh = await createScratchDatabase(adminUrl, 'cs_test');
  const db = await openDatabase({ databaseUrl: fresh.url });
  return {
    db,
    url: fresh.url,
    async drop() {
      await db.close();
      await fresh.drop();
    },
  };
}

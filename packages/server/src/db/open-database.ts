import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { openPgliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';

export interface DatabaseOptions {
  /** A PostgreSQL connection string; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; undefined keeps them in memory. */
  dataDir?: string | undefined;
}

/** Opens the configured engine and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgresDatabase(options.databaseUrl)
    : await openPgliteDatabase(options.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/**
 * Opens a read replica of the PostgreSQL database (DATABASE_READ_URL): a
 * streaming replica, or anything read-only that follows the primary. Its
 * schema comes from the primary, so nothing is migrated here. `ready` says
 * whether it holds ClinicSync's tables yet; until it does, pulls fall back
 * to the primary.
 */
export async function openReadReplica(url: string): Promise<{ db: Database; ready: boolean }> {
  const db = await openPostgresDatabase(url);
  const ready = await db.query('SELECT value FROM sync_counter').then(
    () => true,
    () => false,
  );
  return { db, ready };
}

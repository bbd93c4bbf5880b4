import { resolve } from 'node:path';
import { openDatabase, openReadReplica } from '@clinicsync/server';
import type { Database } from '@clinicsync/server';
import { CliError } from './cli-error.js';
import { lockDataDir } from './data-dir-lock.js';
import { redactDatabaseUrl } from './option-values.js';
import type { StorageFlags } from './storage-options.js';

export interface CliDatabase {
  readonly db: Database;
  /** Where the data lives, for messages: the directory, or the URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

interface ConnectionError extends Error {
  code?: string;
  errors?: ConnectionError[];
}

function reasonOf(error: unknown): string {
  const e = error as ConnectionError;
  const code = e.code ?? e.errors?.[0]?.code;
  if (code === 'ECONNREFUSED') return 'nothing accepts connections there (is PostgreSQL running?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code === 'ETIMEDOUT') return 'the connection timed out';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  const message = e.message || e.errors?.[0]?.message || String(error);
  return message.split('\n')[0]!;
}

/**
 * Opens PostgreSQL (`--database-url` / DATABASE_URL) or the embedded
 * database under `--data`, migrated, with a one-line error when it cannot.
 */
export async function openCliDatabase(flags: StorageFlags): Promise<CliDatabase> {
  if (flags.databaseUrl) {
    const location = redactDatabaseUrl(flags.databaseUrl);
    try {
      const db = await openDatabase({ databaseUrl: flags.databaseUrl });
      return { db, location, close: () => db.close() };
    } catch (error) {
      throw new CliError(`Cannot open the PostgreSQL database ${location}: ${reasonOf(error)}.`);
    }
  }
  const dir = resolve(flags.data);
  let release: () => void;
  try {
    release = lockDataDir(dir);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`Cannot use the data directory ${dir}: ${reasonOf(error)}.`);
  }
  try {
    const db = await openDatabase({ dataDir: dir });
    return {
      db,
      location: dir,
      async close() {
        try {
          await db.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw new CliError(`Cannot open the database in ${dir}: ${reasonOf(error)}.`);
  }
}

/** Runs `work` on the database and closes it, whatever happens. */
export async function withCliDatabase<T>(
  flags: StorageFlags,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  const opened = await openCliDatabase(flags);
  try {
    return await work(opened.db);
  } finally {
    await opened.close();
  }
}

/**
 * Opens the read replica of `serve --database-read-url`, with a one-line
 * error when it cannot; a note when it does not hold the tables yet.
 */
export async function openCliReadReplica(
  flags: StorageFlags & { readonly databaseReadUrl?: string | undefined },
  say: (line: string) => void,
): Promise<Database | undefined> {
  if (!flags.databaseReadUrl) return undefined;
  const location = redactDatabaseUrl(flags.databaseReadUrl);
  try {
    const { db, ready } = await openReadReplica(flags.databaseReadUrl);
    say(
      ready
        ? `Pulls are read from the replica ${location} once it has caught up with the device.`
        : `The replica ${location} does not hold ClinicSync's tables yet: pulls go to the primary until it does.`,
    );
    return db;
  } catch (error) {
    throw new CliError(`Cannot open the read replica ${location}: ${reasonOf(error)}.`);
  }
}

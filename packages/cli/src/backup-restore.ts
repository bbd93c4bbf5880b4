import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dumpPgliteDataDir, loadPgliteDataDir } from '@clinicsync/server';
import { CliError } from './cli-error.js';
import { lockDataDir } from './data-dir-lock.js';
import { redactDatabaseUrl } from './option-values.js';
import type { StorageFlags } from './storage-options.js';

/** Runs a PostgreSQL client tool; its own message becomes the one line on failure. */
function runTool(tool: string, args: readonly string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      fail(
        new CliError(
          error.code === 'ENOENT'
            ? `${tool} is not installed: install PostgreSQL's client tools (apt-get install postgresql-client).`
            : `${tool} failed: ${error.message}`,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? done()
        : fail(new CliError(`${tool} failed: ${stderr.trim().split('\n')[0] ?? `exit ${code}`}`)),
    );
  });
}

/**
 * Writes a consistent copy of the database to `file`: `pg_dump`'s custom
 * format for PostgreSQL (restorable with pg_restore too), a gzipped tarball of
 * the data directory for PGlite (taken with the directory locked, so no
 * server writes meanwhile).
 */
export async function backupDatabase(flags: StorageFlags, file: string): Promise<string> {
  const out = resolve(file);
  if (flags.databaseUrl) {
    await runTool('pg_dump', ['--format=custom', '--no-owner', '--file', out, flags.databaseUrl]);
    return `Backed up ${redactDatabaseUrl(flags.databaseUrl)} to ${out} (pg_dump custom format).`;
  }
  const dir = resolve(flags.data);
  if (!existsSync(dir)) throw new CliError(`There is no data directory ${dir} to back up.`);
  const release = lockDataDir(dir);
  try {
    const dump = await dumpPgliteDataDir(dir);
    writeFileSync(out, Buffer.from(await dump.arrayBuffer()));
  } finally {
    release();
  }
  return `Backed up ${dir} to ${out}.`;
}

/**
 * Restores a backup made by `backupDatabase` into an empty target: an empty
 * PostgreSQL database (pg_restore), or a new data directory for PGlite.
 * Refuses to write over existing data.
 */
export async function restoreDatabase(flags: StorageFlags, file: string): Promise<string> {
  const input = resolve(file);
  if (!existsSync(input)) throw new CliError(`There is no backup file ${input}.`);
  if (flags.databaseUrl) {
    await runTool('pg_restore', [
      '--no-owner',
      '--exit-on-error',
      '--dbname',
      flags.databaseUrl,
      input,
    ]);
    return `Restored ${input} into ${redactDatabaseUrl(flags.databaseUrl)}.`;
  }
  const dir = resolve(flags.data);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new CliError(`The data directory ${dir} is not empty; restore into a new directory.`);
  }
  const release = lockDataDir(dir);
  try {
    await loadPgliteDataDir(dir, new Blob([readFileSync(input)]));
  } finally {
    release();
  }
  return `Restored ${input} into ${dir}.`;
}

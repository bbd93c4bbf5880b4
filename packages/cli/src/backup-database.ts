import { createWriteStream, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dumpPgliteDataDir } from '@clinicsync/server';
import { newBackupPassphrase } from './backup-passphrase.js';
import { CliError } from './cli-error.js';
import { lockDataDir } from './data-dir-lock.js';
import { encryptBackup } from './encrypt-backup.js';
import { redactDatabaseUrl } from './option-values.js';
import { runTool, settleWithTool, startTool } from './postgres-tool.js';
import type { StorageFlags } from './storage-options.js';

export interface BackupOptions {
  /** Encrypt with a passphrase from BACKUP_PASSPHRASE or the terminal. */
  readonly encrypt?: boolean | undefined;
}

/**
 * Writes `out` through a new 0600 file beside it, renamed over `out` only
 * once `write` has finished: a failed backup leaves no partial file and
 * keeps an earlier one of the same name.
 */
async function writeAtomically(out: string, write: (partial: string) => Promise<void>) {
  const partial = join(dirname(out), `.${basename(out)}.${process.pid}.partial`);
  try {
    writeFileSync(partial, '', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'its directory does not exist'
        : code === 'EACCES'
          ? 'permission denied'
          : code;
    throw new CliError(`Cannot write the backup ${out}: ${reason}.`);
  }
  try {
    await write(partial);
    renameSync(partial, out);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

const privateFile = (path: string) => createWriteStream(path, { mode: 0o600 });

async function backupPostgres(url: string, out: string, passphrase: string | undefined) {
  const dump = ['--format=custom', '--no-owner'];
  await writeAtomically(out, async (partial) => {
    if (!passphrase) return runTool('pg_dump', [...dump, '--file', partial, url]);
    // Streamed from pg_dump's stdout: the plain dump never reaches the disk.
    const encrypt = await encryptBackup(passphrase);
    const tool = startTool('pg_dump', [...dump, url], { stdout: true });
    await settleWithTool(pipeline(tool.child.stdout!, encrypt, privateFile(partial)), tool);
  });
}

async function backupPglite(dir: string, out: string, passphrase: string | undefined) {
  const release = lockDataDir(dir);
  try {
    const dump = await dumpPgliteDataDir(dir);
    await writeAtomically(out, async (partial) =>
      passphrase
        ? pipeline(
            Readable.fromWeb(dump.stream()),
            await encryptBackup(passphrase),
            privateFile(partial),
          )
        : writeFileSync(partial, Buffer.from(await dump.arrayBuffer())),
    );
  } finally {
    release();
  }
}

/**
 * Writes a consistent copy of the database to `file`, readable by its owner
 * only (0600): `pg_dump`'s custom format for PostgreSQL (restorable with
 * pg_restore too), a gzipped tarball of the data directory for PGlite (taken
 * with the directory locked, so no server writes meanwhile); with `encrypt`,
 * either one sealed in the format of backup-cipher.ts.
 *
 * @returns the line to print.
 * @throws CliError when there is nothing to back up, the tool fails, or no
 * passphrase is given for `encrypt`.
 */
export async function backupDatabase(
  flags: StorageFlags,
  file: string,
  options: BackupOptions = {},
): Promise<string> {
  const out = resolve(file);
  const dir = resolve(flags.data);
  if (!flags.databaseUrl && !existsSync(dir)) {
    throw new CliError(`There is no data directory ${dir} to back up.`);
  }
  const passphrase = options.encrypt ? await newBackupPassphrase() : undefined;
  const encrypted = passphrase ? ', encrypted' : '';
  if (flags.databaseUrl) {
    await backupPostgres(flags.databaseUrl, out, passphrase);
    return `Backed up ${redactDatabaseUrl(flags.databaseUrl)} to ${out} (pg_dump custom format${encrypted}).`;
  }
  await backupPglite(dir, out, passphrase);
  return `Backed up ${dir} to ${out}${passphrase ? ' (encrypted)' : ''}.`;
}

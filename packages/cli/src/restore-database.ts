import {
  closeSync,
  createReadStream,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadPgliteDataDir, pgliteArchiveProblem } from '@clinicsync/server';
import { backupMagic, isEncryptedBackup } from './backup-cipher.js';
import { existingBackupPassphrase } from './backup-passphrase.js';
import { CliError } from './cli-error.js';
import { lockDataDir } from './data-dir-lock.js';
import { decryptBackup } from './decrypt-backup.js';
import { redactDatabaseUrl } from './option-values.js';
import { settleWithTool, startTool } from './postgres-tool.js';
import type { StorageFlags } from './storage-options.js';

function firstBytes(file: string, count: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(count);
    return bytes.subarray(0, readSync(fd, bytes, 0, count, 0));
  } finally {
    closeSync(fd);
  }
}

/** Passes the plain text on, refusing it at once unless it starts as a pg_dump archive. */
function expectPgDump(input: string) {
  return async function* (source: AsyncIterable<Buffer>) {
    let checked = false;
    for await (const piece of source) {
      if (!checked && piece.length > 0) {
        if (piece.subarray(0, 5).toString('latin1') !== 'PGDMP') {
          throw new CliError(
            `Cannot restore ${input} into PostgreSQL: it is a backup of the embedded database; restore it with --data (and no DATABASE_URL).`,
          );
        }
        checked = true;
      }
      yield piece;
    }
  };
}

/** Ends `tool` before the error goes on, so it never sees the input end as if complete. */
function killOnError(tool: ReturnType<typeof startTool>) {
  return async function* (source: AsyncIterable<Buffer>) {
    try {
      yield* source;
    } catch (error) {
      tool.child.kill('SIGKILL');
      throw error;
    }
  };
}

/** pg_restore with the plain archive on stdin (decrypted on the way) or read from the file. */
async function pgRestore(args: readonly string[], input: string, passphrase: string | undefined) {
  if (!passphrase) {
    const tool = startTool('pg_restore', [...args, input]);
    return tool.finished;
  }
  const tool = startTool('pg_restore', args, { stdin: true });
  await settleWithTool(
    pipeline(
      createReadStream(input),
      decryptBackup(passphrase),
      expectPgDump(input),
      killOnError(tool),
      tool.child.stdin!,
    ),
    tool,
  );
}

async function restorePostgres(url: string, input: string, encrypted: boolean): Promise<void> {
  if (!encrypted && firstBytes(input, 5).toString('latin1') !== 'PGDMP') {
    throw new CliError(
      `Cannot restore ${input} into PostgreSQL: it is not a pg_dump archive (a backup of the embedded database is restored with --data).`,
    );
  }
  const passphrase = encrypted ? await existingBackupPassphrase(input) : undefined;
  // First the whole archive is read and checked, the database untouched
  // (pg_restore writing its script to nowhere); then it is restored in one
  // transaction, so a failure there leaves the database as it was too.
  await pgRestore(['--file', '/dev/null'], input, passphrase);
  await pgRestore(
    ['--no-owner', '--exit-on-error', '--single-transaction', '--dbname', url],
    input,
    passphrase,
  );
}

/** The plain text of an encrypted backup held in memory, every chunk authenticated. */
async function decryptWhole(raw: Buffer, passphrase: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of decryptBackup(passphrase)(Readable.from([raw]))) parts.push(part);
  return Buffer.concat(parts);
}

async function restorePglite(dir: string, input: string, encrypted: boolean): Promise<void> {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new CliError(`The data directory ${dir} is not empty; restore into a new directory.`);
  }
  const raw = readFileSync(input);
  const archive = encrypted ? await decryptWhole(raw, await existingBackupPassphrase(input)) : raw;
  const problem = pgliteArchiveProblem(archive);
  if (problem) throw new CliError(`Cannot restore ${input}: ${problem}.`);
  const existed = existsSync(dir);
  const release = lockDataDir(dir);
  try {
    await loadPgliteDataDir(dir, new Blob([archive]));
  } catch (error) {
    // Back to how it was: absent, or empty.
    if (existed)
      for (const name of readdirSync(dir))
        rmSync(join(dir, name), { recursive: true, force: true });
    else rmSync(dir, { recursive: true, force: true });
    if (error instanceof CliError) throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CliError(`Cannot restore ${input} into ${dir}: ${reason}.`);
  } finally {
    release();
  }
}

/**
 * Restores a backup made by `backupDatabase` (encrypted or not) into an empty
 * target: an empty PostgreSQL database (pg_restore), or a new data directory
 * for PGlite. The whole backup is read and checked (decrypted and
 * authenticated when encrypted) before the target is touched, and existing
 * data is never written over.
 *
 * @returns the line to print.
 * @throws CliError when the file is missing, damaged, of the other engine or
 * its passphrase is wrong, or when the target is not empty.
 */
export async function restoreDatabase(flags: StorageFlags, file: string): Promise<string> {
  const input = resolve(file);
  if (!existsSync(input)) throw new CliError(`There is no backup file ${input}.`);
  const encrypted = isEncryptedBackup(firstBytes(input, backupMagic.length));
  if (flags.databaseUrl) {
    await restorePostgres(flags.databaseUrl, input, encrypted);
    return `Restored ${input} into ${redactDatabaseUrl(flags.databaseUrl)}.`;
  }
  const dir = resolve(flags.data);
  await restorePglite(dir, input, encrypted);
  return `Restored ${input} into ${dir}.`;
}

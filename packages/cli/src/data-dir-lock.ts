import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirExposure } from '@clinicsync/server';
import { CliError } from './cli-error.js';

const lockName = 'clinicsync.lock';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims the embedded database's directory for this process. PGlite is one
 * PostgreSQL instance inside one process: a second process opening the same
 * files (a `clinicsync admin create` while the server runs) would corrupt
 * them. A lock left by a process that died is taken over.
 *
 * The directory is created 0700 when new, and refused when other users may
 * read, write or enter it (patient data): before anything is written there.
 *
 * @returns a function that releases the lock.
 * @throws CliError when another live process holds the directory, or when
 * it is open to other users (the line says how to fix that).
 */
export function lockDataDir(dir: string): () => void {
  const exposure = dataDirExposure(dir);
  if (exposure) throw new CliError(exposure);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, lockName);
  const mine = String(process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, mine, { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new CliError(
          `The data directory ${dir} is in use by another ClinicSync process (pid ${holder}); stop it first, or share a PostgreSQL database through DATABASE_URL.`,
        );
      }
      unlinkSync(path);
    }
  }
  throw new CliError(
    `Could not lock the data directory ${dir}; is another ClinicSync process starting?`,
  );
}

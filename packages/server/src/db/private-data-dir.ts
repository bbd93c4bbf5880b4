import { chmodSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The embedded database's files hold patient data (its WAL among them) and
// its pg_hba.conf: they are this user's alone, as PostgreSQL's own initdb
// makes them. PGlite copies the files of its initdb with mode 0666 and
// creates directories through the process umask, so the modes are set here.
const privateDir = 0o700;
const privateFile = 0o600;

/**
 * Why `dir` is not private to this user, as one line that says how to fix
 * it; undefined when only its owner may enter it, or when it does not exist
 * yet (it is then created private).
 *
 * @example
 * const problem = dataDirExposure('./data'); // "The data directory … chmod -R go-rwx …"
 */
export function dataDirExposure(dir: string): string | undefined {
  let mode: number;
  try {
    mode = statSync(dir).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if ((mode & 0o077) === 0) return undefined;
  const octal = (mode & 0o777).toString(8).padStart(3, '0');
  const quoted = `'${dir.replaceAll("'", "'\\''")}'`;
  return (
    `The data directory ${dir} is open to other users (mode ${octal}) and holds patient data; ` +
    `make it private with \`chmod -R go-rwx ${quoted}\`, then try again.`
  );
}

/**
 * Refuses a data directory that other users may read, write or enter.
 *
 * @throws Error with `dataDirExposure`'s line when it is not private.
 */
export function assertPrivateDataDir(dir: string): void {
  const problem = dataDirExposure(dir);
  if (problem) throw new Error(problem);
}

/**
 * Sets every directory under `dir` (and `dir`) to 0700 and every file to
 * 0600, leaving those already right untouched; symbolic links are not
 * followed.
 *
 * @throws the file system's error when a mode cannot be set.
 */
export function restrictDataDirFiles(dir: string): void {
  restrict(dir, lstatSync(dir).mode);
}

function restrict(path: string, mode: number): void {
  const isDir = (mode & 0o170000) === 0o040000;
  const wanted = isDir ? privateDir : privateFile;
  if ((mode & 0o7777) !== wanted) chmodSync(path, wanted);
  if (!isDir) return;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isSymbolicLink() || !(entry.isDirectory() || entry.isFile())) continue;
    const child = join(path, entry.name);
    restrict(child, lstatSync(child).mode);
  }
}

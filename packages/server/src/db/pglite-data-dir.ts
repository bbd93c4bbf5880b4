import { openPgliteDatabase } from './pglite-database.js';

/**
 * A gzipped tarball of the PGlite data directory `dir`, consistent because it
 * is taken through PGlite itself. The caller makes sure no other process has
 * the directory open (PGlite is one process's database).
 *
 * @example
 * writeFileSync('backup.tar.gz', Buffer.from(await (await dumpPgliteDataDir('./data')).arrayBuffer()));
 * @throws PGlite's error when `dir` is not a usable data directory.
 */
export async function dumpPgliteDataDir(dir: string): Promise<Blob> {
  const db = await openPgliteDatabase(dir);
  try {
    return await db.dumpDataDir();
  } finally {
    await db.close();
  }
}

/**
 * Makes `dir` (new or empty) a PGlite data directory holding `archive`, a
 * tarball made by `dumpPgliteDataDir`; opens it once so a broken archive
 * fails here rather than at the next start.
 *
 * @example
 * await loadPgliteDataDir('./restored', new Blob([readFileSync('backup.tar.gz')]));
 * @throws PGlite's error when the archive cannot be loaded.
 */
export async function loadPgliteDataDir(dir: string, archive: Blob): Promise<void> {
  const db = await openPgliteDatabase(dir, { loadDataDir: archive });
  try {
    await db.query('SELECT 1');
  } finally {
    await db.close();
  }
}

import { gunzipSync } from 'node:zlib';

const block = 512;

/** A tar header's checksum: its bytes summed with the checksum field read as spaces. */
function checksumOk(header: Buffer): boolean {
  const stored = parseInt(header.toString('latin1', 148, 156).replace(/\0.*$/s, '').trim(), 8);
  let sum = 0;
  for (let i = 0; i < block; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return stored === sum;
}

function field(header: Buffer, start: number, end: number): string {
  const text = header.toString('utf8', start, end);
  const nul = text.indexOf('\0');
  return nul === -1 ? text : text.slice(0, nul);
}

/**
 * Why `archive` is not a whole data directory as `dumpPgliteDataDir` writes
 * it (a gzipped tarball holding `PG_VERSION` at its root), or undefined when
 * it is. Reads it all, gzip's checksum included, without writing anything,
 * so a restore can refuse a damaged backup before it touches a directory.
 *
 * @example
 * const problem = pgliteArchiveProblem(readFileSync('backup.tar.gz')); // undefined
 */
export function pgliteArchiveProblem(archive: Buffer): string | undefined {
  if (archive[0] !== 0x1f || archive[1] !== 0x8b) {
    return archive.subarray(0, 5).toString('latin1') === 'PGDMP'
      ? 'it is a backup of a PostgreSQL database (pg_dump); restore it into one with DATABASE_URL'
      : 'it is not a backup made by `clinicsync backup`';
  }
  let tar: Buffer;
  try {
    tar = gunzipSync(archive);
  } catch {
    return 'it is damaged or cut short (its compression does not check out)';
  }
  let versionFile = false;
  let at = 0;
  for (;;) {
    const header = tar.subarray(at, at + block);
    if (header.length < block) return 'it is damaged or cut short (its archive ends early)';
    if (header.every((byte) => byte === 0)) break;
    if (!checksumOk(header))
      return `it is damaged (an archive entry at byte ${at} does not check out)`;
    const name = field(header, 0, 100);
    const prefix = header.toString('latin1', 257, 262) === 'ustar' ? field(header, 345, 500) : '';
    const path = (prefix ? `${prefix}/${name}` : name).replace(/^\.?\//, '');
    if (path === 'PG_VERSION') versionFile = true;
    const size = parseInt(field(header, 124, 136).trim() || '0', 8);
    at += block + Math.ceil(size / block) * block;
  }
  return versionFile ? undefined : 'it holds no PostgreSQL data directory (no PG_VERSION)';
}

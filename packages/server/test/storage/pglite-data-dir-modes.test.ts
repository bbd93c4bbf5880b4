import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openPgliteDatabase } from '../../src/db/pglite-database.js';

// The embedded engine only: the modes of PGlite's data directory, which
// holds patient data (its WAL among them) and pg_hba.conf.
const work = mkdtempSync(join(tmpdir(), 'clinicsync-modes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every directory and file under `dir` by mode, e.g. { 'dir 700': 27, 'file 600': 973 }. */
function modes(dir: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const walk = (path: string) => {
    const stat = statSync(path);
    const key = `${stat.isDirectory() ? 'dir' : 'file'} ${(stat.mode & 0o777).toString(8)}`;
    counts[key] = (counts[key] ?? 0) + 1;
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return counts;
}

function onlyPrivate(counts: Record<string, number>): void {
  expect(Object.keys(counts).sort()).toEqual(['dir 700', 'file 600']);
  // PGlite's initdb writes about a thousand files: they were all seen.
  expect(counts['file 600']).toBeGreaterThan(500);
}

test('a new data directory is 0700 with every file 0600, after writes and after close', async () => {
  const dir = join(work, 'new', 'data');
  const db = await openPgliteDatabase(dir);
  try {
    onlyPrivate(modes(dir));
    await db.query('CREATE TABLE notes (body text)');
    await db.query(`INSERT INTO notes SELECT repeat('x', 500) FROM generate_series(1, 20000)`);
    await db.query('CHECKPOINT');
  } finally {
    await db.close();
  }
  onlyPrivate(modes(dir));
  expect(statSync(join(dir, 'pg_hba.conf')).mode & 0o777).toBe(0o600);
});

test('a data directory open to other users is refused, saying how to fix it, and left as it was', async () => {
  const dir = join(work, 'shared');
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  await expect(openPgliteDatabase(dir)).rejects.toThrow(
    `The data directory ${dir} is open to other users (mode 755) and holds patient data; make it private with \`chmod -R go-rwx '${dir}'\`, then try again.`,
  );
  expect(readdirSync(dir)).toEqual([]);
  chmodSync(dir, 0o750);
  await expect(openPgliteDatabase(dir)).rejects.toThrow(/mode 750/);
});

test('files left open by an earlier version are made private when the directory is opened', async () => {
  const dir = join(work, 'older');
  await (await openPgliteDatabase(dir)).close();
  // As PGlite and earlier ClinicSync versions left them.
  chmodSync(join(dir, 'pg_hba.conf'), 0o666);
  chmodSync(join(dir, 'pg_wal'), 0o755);
  const db = await openPgliteDatabase(dir);
  try {
    onlyPrivate(modes(dir));
  } finally {
    await db.close();
  }
});

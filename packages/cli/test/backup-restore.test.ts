import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildOnce, killServers, runCli, startServer } from '@clinicsync/testing/cli';
import { testEngine } from '@clinicsync/testing/server';

// `clinicsync backup` then `clinicsync restore` into a new place, and a
// device pull from a server on the restored data gets every row.
const work = mkdtempSync(join(tmpdir(), 'cs-backup-'));
const adminUrl = process.env['TEST_DATABASE_URL'];
const created: string[] = [];

async function newDatabase(): Promise<string> {
  const name = `cs_backup_${process.pid}_${created.length}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  created.push(name);
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Where the data lives, as flags: a data directory, or a fresh PostgreSQL database. */
async function storage(label: string): Promise<string[]> {
  return testEngine === 'postgres'
    ? ['--database-url', await newDatabase()]
    : ['--data', join(work, label)];
}

async function pullAll(args: string[]): Promise<Record<string, number>> {
  const server = startServer(args);
  try {
    const url = (await server.waitFor(/is running at (http:\/\/\S+?) /))[1]!;
    const auth = `Basic ${Buffer.from('c1.provider1@seed5.clinicsync.local:clinicsync-seed-5').toString('base64')}`;
    const response = await fetch(`${url}/api/v2/sync?last_pulled_at=0`, {
      headers: { authorization: auth },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      changes: Record<string, { created: { id: string }[] }>;
    };
    return Object.fromEntries(Object.entries(body.changes).map(([t, c]) => [t, c.created.length]));
  } finally {
    await server.stop();
  }
}

beforeAll(() => buildOnce(), 240_000);
afterAll(async () => {
  killServers();
  rmSync(work, { recursive: true, force: true });
  if (!adminUrl) return;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
});

// Seven command runs, each opening a database (PGlite initialises its files
// in a few seconds, more on a busy machine).
test(
  `backup and restore keep every row, and a device syncs from the restored server (${testEngine})`,
  { timeout: 240_000 },
  async () => {
    const source = await storage('source');
    const seeded = await runCli([
      'seed',
      ...source,
      '--clinics',
      '1',
      '--patients',
      '25',
      '--seed',
      '5',
    ]);
    expect(seeded.code, seeded.stderr).toBe(0);
    const file = join(work, 'backup.bin');
    const backup = await runCli(['backup', ...source, '--out', file]);
    expect(backup.code, backup.stderr).toBe(0);

    const target = await storage('target');
    const restore = await runCli(['restore', ...target, '--in', file]);
    expect(restore.code, restore.stderr).toBe(0);
    const before = await pullAll(source);
    expect(before['patients']).toBe(25);
    expect(await pullAll(target)).toEqual(before);

    if (testEngine === 'pglite') {
      const again = await runCli(['restore', ...target, '--in', file]);
      expect(again.code).toBe(1);
      expect(again.stderr.trim().split('\n')).toHaveLength(1);
    }
    const missing = await runCli([
      'restore',
      ...(await storage('other')),
      '--in',
      join(work, 'nope'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no backup file/);
  },
);

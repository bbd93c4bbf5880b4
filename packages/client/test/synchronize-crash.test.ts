import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { syncedTables } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, pullAllPages, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import type { NodeDevice } from '../src/node.js';
import { deviceContents, openTestDevice } from './support/devices.js';
import { seedRecords } from './support/seed-records.js';

// A device process killed (kill -9) while it applies pulled pages reopens
// consistent (no half page, position and rows agree) and completes.
let server: TestServer;
let user: TestUser;
let reference: Record<string, unknown[]>;
let directory: string;
let seederId: string;
const pageSize = 1500;
const child = join(import.meta.dirname, 'support', 'sync-child.ts');

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'clinicsync-crash-'));
  server = await startTestServer();
  await server.listen();
  user = await server.addUser('provider', allPermissions);
  const seeder = await openTestDevice(server, user);
  await seedRecords(seeder.store, server.clinicId, 4000);
  await seeder.engine.sync();
  seederId = await seeder.engine.deviceId();
  reference = await deviceContents(seeder);
  await seeder.close();
}, 180_000);
afterAll(async () => {
  await server?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

/** Runs the child until its `killAtBatch`-th batch starts, then kills it with SIGKILL. */
async function syncAndKill(
  file: string,
  killAtBatch: number,
): Promise<{ killed: boolean; batches: number }> {
  const process_ = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      child,
      server.url,
      user.email,
      user.password,
      file,
      String(pageSize),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let batches = 0;
  let killed = false;
  const exited = new Promise<void>((resolve) => process_.on('exit', () => resolve()));
  for await (const line of createInterface({ input: process_.stdout })) {
    const message = JSON.parse(line) as { batch?: number; page?: boolean };
    if (message.page && ++batches === killAtBatch) {
      killed = process_.kill('SIGKILL');
    }
  }
  await exited;
  return { killed, batches };
}

function checkConsistent(device: NodeDevice): { rows: number; pages: number } {
  const database = device.driver.database;
  expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
  const meta = Object.fromEntries(
    (
      database.prepare('SELECT key, value FROM _clinicsync_meta').all() as {
        key: string;
        value: string;
      }[]
    ).map((r) => [r.key, r.value]),
  );
  let rows = 0;
  for (const table of syncedTables) {
    rows += (database.prepare(`SELECT count(*) AS n FROM "${table.name}"`).get() as { n: number })
      .n;
  }
  const pages = Number(meta['pull_pages'] ?? 0);
  // The rows present are exactly those of the stored pages (each at most a
  // page size; the server may cut a page short by its bytes).
  expect(Number(meta['pull_rows'] ?? 0)).toBe(rows);
  expect(rows).toBeLessThanOrEqual(pages * pageSize);
  expect(rows > 0).toBe(pages > 0);
  expect(meta['pull_next'] !== undefined).toBe(pages > 0);
  return { rows, pages };
}

/** The first `count` records of a first pull, in the order its pages send them. */
async function idsOfFirstRows(count: number): Promise<string[]> {
  const { pages } = await pullAllPages(server.app, { auth: user.basic }, 0, pageSize);
  return pages
    .flatMap((page) =>
      Object.entries(page.changes).flatMap(([table, c]) =>
        c.created.map((row) => `${table}/${row.id}`),
      ),
    )
    .slice(0, count)
    .sort();
}

async function localIds(device: NodeDevice): Promise<string[]> {
  const ids: string[] = [];
  for (const table of syncedTables) {
    const rows = device.driver.database.prepare(`SELECT id FROM "${table.name}"`).all() as {
      id: string;
    }[];
    ids.push(...rows.map((r) => `${table.name}/${r.id}`));
  }
  return ids.sort();
}

describe('a device killed during a sync', () => {
  test('reopens consistent after each kill -9 and then completes equal to the server', async () => {
    const file = join(directory, 'device.db');
    const kills = [3, 2];
    let lastPages = 0;
    for (const killAtBatch of kills) {
      const { killed } = await syncAndKill(file, killAtBatch);
      expect(killed).toBe(true);
      const device = await openTestDevice(server, user, { file });
      const { rows, pages } = checkConsistent(device);
      // The kill landed inside the page's batch (the child slows its inserts down):
      // that page is not there at all, every page before it is, with its position.
      expect(pages).toBe(lastPages + killAtBatch - 1);
      lastPages = pages;
      if (rows > 0) expect(await localIds(device)).toEqual(await idsOfFirstRows(rows));
      await device.close();
    }
    expect(lastPages).toBeGreaterThan(0);

    const device = await openTestDevice(server, user, { file, pageSize });
    const report = await device.engine.sync();
    expect(report.resumed).toBe(true);
    expect(await deviceContents(device)).toEqual(reference);
    expect(device.driver.database.pragma('integrity_check', { simple: true })).toBe('ok');
    // The device id was made once, by the first process, and kept through the crashes.
    const devices = await server.database.db.query<{ device_id: string }>(
      'SELECT DISTINCT device_id FROM sync_log WHERE user_id = $1 AND device_id IS NOT NULL',
      [user.id],
    );
    expect(devices.map((d) => d.device_id).sort()).toEqual(
      [seederId, await device.engine.deviceId()].sort(),
    );
    await device.close();
  }, 180_000);
});

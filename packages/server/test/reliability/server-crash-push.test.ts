import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildOnce, killServers, startServer } from '@clinicsync/testing/cli';
import type { ServerProcess } from '@clinicsync/testing/cli';
import { bigPush } from '@clinicsync/testing/fixtures';
import { allPermissions, startTestServer, testEngine } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';

// A server process killed (SIGKILL) in the middle of a large push leaves
// nothing of it applied; the same push after a restart applies whole.
// PostgreSQL only: it watches the push's statement in pg_stat_activity.
const onPostgres = testEngine === 'postgres';

let database: TestServer;
let user: TestUser;
let watcher: pg.Client;

async function waitForWrite(databaseName: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { rows } = await watcher.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = $1 AND state = 'active' AND query LIKE 'INSERT INTO "events"%'`,
      [databaseName],
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('the push never reached its events insert');
}

async function countRows(table: string, prefix: string): Promise<number> {
  const { rows } = await watcher.query(
    `SELECT count(*)::int AS n FROM "${table}" WHERE id LIKE $1`,
    [`${prefix}%`],
  );
  return rows[0].n;
}

describe.runIf(onPostgres)('a server killed during a large push', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    buildOnce();
    database = await startTestServer();
    user = await database.addUser('provider', allPermissions);
    watcher = new pg.Client({ connectionString: database.database.url });
    await watcher.connect();
  }, 240_000);
  afterAll(async () => {
    await watcher?.end();
    killServers();
    await database?.close();
  });

  test('leaves nothing half-applied, and the push applies whole after a restart', async () => {
    const url = new URL(database.database.url!);
    const databaseName = url.pathname.slice(1);
    const prefix = 'crash-';
    const body = JSON.stringify(bigPush(prefix, database.clinicId));
    server = startServer(['--database-url', database.database.url!]);
    const base = (await server.waitFor(/is running at (http:\/\/\S+?) /))[1]!;
    const headers = { authorization: user.basic, 'content-type': 'application/json' };
    const pushed = fetch(`${base}/api/v2/sync?last_pulled_at=0`, {
      method: 'POST',
      headers,
      body,
    }).then(
      (r) => r.status,
      () => 'connection lost',
    );
    await waitForWrite(databaseName);
    server.child.kill('SIGKILL');
    expect(await pushed).toBe('connection lost');
    // PostgreSQL rolls the transaction back when its connection dies.
    for (let i = 0; i < 100 && (await countRows('patients', prefix)) > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await countRows('patients', prefix)).toBe(0);
    expect(await countRows('events', prefix)).toBe(0);
    const history = await watcher.query(
      'SELECT count(*)::int AS n FROM change_history WHERE row_id LIKE $1',
      [`${prefix}%`],
    );
    expect(history.rows[0].n).toBe(0);

    const restarted = startServer(['--database-url', database.database.url!]);
    const again = (await restarted.waitFor(/is running at (http:\/\/\S+?) /))[1]!;
    const retry = await fetch(`${again}/api/v2/sync?last_pulled_at=0`, {
      method: 'POST',
      headers,
      body,
    });
    expect(retry.status).toBe(200);
    expect(await countRows('patients', prefix)).toBe(3000);
    expect(await countRows('events', prefix)).toBe(9000);
    await restarted.stop();
  });
});

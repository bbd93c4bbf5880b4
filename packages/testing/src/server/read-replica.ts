import { openReadReplica } from '@clinicsync/server';
import type { Database } from '@clinicsync/server';

/**
 * The same database on the streaming replica of TEST_DATABASE_READ_URL
 * (`.ci/replica start` makes one of the machine's PostgreSQL), or undefined
 * where there is none.
 */
export function replicaUrlOf(primaryUrl: string | undefined): string | undefined {
  const replica = process.env['TEST_DATABASE_READ_URL'];
  if (!replica || !primaryUrl) return undefined;
  const url = new URL(replica);
  url.pathname = new URL(primaryUrl).pathname;
  return url.toString();
}

/** A read replica of the test database, once it holds the tables and every change. */
export interface TestReplica {
  readonly db: Database;
  /** Waits until the replica has replayed everything committed on the primary so far. */
  catchUp(): Promise<void>;
  /** Stops replaying: the replica lags, whatever the primary commits, until `resume`. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens the replica of `primary` at `url` and waits for it to catch up. */
export async function openTestReplica(primary: Database, url: string): Promise<TestReplica> {
  // The database was just created on the primary: the replica may not have it yet.
  let opened: { db: Database; ready: boolean } | undefined;
  for (let attempt = 0; !opened?.ready; attempt++) {
    await opened?.db.close();
    opened = await openReadReplica(url).catch((error: unknown) => {
      if (attempt > 100) throw error;
      return undefined;
    });
    if (!opened?.ready) await sleep(100);
  }
  const { db } = opened;
  const replica: TestReplica = {
    db,
    async catchUp() {
      const [{ lsn }] = (await primary.query<{ lsn: string }>(
        'SELECT pg_current_wal_lsn()::text AS lsn',
      )) as [{ lsn: string }];
      for (let attempt = 0; ; attempt++) {
        const [row] = await db.query<{ done: boolean }>(
          'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
          [lsn],
        );
        if (row?.done) return;
        if (attempt > 300) throw new Error(`the replica did not replay up to ${lsn} in 30 s`);
        await sleep(100);
      }
    },
    async pause() {
      await db.query('SELECT pg_wal_replay_pause()');
    },
    async resume() {
      await db.query('SELECT pg_wal_replay_resume()');
    },
    async close() {
      // A paused replica would hold every later test's changes back.
      await replica.resume().catch(() => undefined);
      await db.close();
    },
  };
  await replica.catchUp();
  return replica;
}

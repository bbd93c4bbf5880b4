import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, startTestServer, testEngine } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';

// The console shows a device's last sync and its last error from the sync
// log, and a device or an operator reads it right after an answer: every
// sync is logged before its answer is sent. Shown here by holding the log
// locked: an answer that came while its entry could not be written would
// have been sent first (CI once read the device list in that gap).
// PostgreSQL only: on PGlite's one connection the lock would block the test
// itself.
let server: TestServer;
let user: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  user = await server.addUser('provider', allPermissions);
});
afterAll(() => server.close());

async function loggedSyncs(): Promise<number> {
  const [row] = await server.database.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM sync_log',
  );
  return row!.n;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `request` answered while the sync log was locked against writes. */
async function answeredWhileLogLocked(request: () => Promise<{ statusCode: number }>) {
  let answered = false;
  let finished: Promise<{ statusCode: number }> | undefined;
  const early = await server.database.db.transaction(async (tx) => {
    await tx.query('LOCK TABLE sync_log IN EXCLUSIVE MODE');
    finished = request().then((response) => {
      answered = true;
      return response;
    });
    // Until the request's entry waits on the lock, or it answered without one.
    for (;;) {
      const [waiting] = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'sync_log'::regclass AND NOT granted`,
      );
      if (waiting!.n > 0 || answered) break;
      await wait(10);
    }
    // An answer sent before its entry would be complete well within this.
    await wait(200);
    return answered;
  });
  return { early, response: await finished! };
}

describe.skipIf(testEngine !== 'postgres')('the sync log is written before the answer', () => {
  const get = (url: string) => () =>
    server.app.inject({ method: 'GET', url, headers: { authorization: user.basic } });
  const post = (url: string, payload: Record<string, unknown>) => () =>
    server.app.inject({ method: 'POST', url, headers: { authorization: user.basic }, payload });

  test.each([
    ['an unpaged pull', get('/api/v2/sync?last_pulled_at=0'), 200],
    ['a paged pull', get('/api/v2/sync?last_pulled_at=0&limit=10'), 200],
    ['a push', post('/api/v2/sync?last_pulled_at=0', { changes: {} }), 200],
    ['a refused push', post('/api/v2/sync', { changes: { patients: { created: 'no' } } }), 400],
  ])('%s', async (_, request, status) => {
    const before = await loggedSyncs();
    const { early, response } = await answeredWhileLogLocked(request);
    expect(response.statusCode).toBe(status);
    expect(early).toBe(false);
    expect(await loggedSyncs()).toBe(before + 1);
  });
});

import { createClinic, createUser } from '@clinicsync/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildOnce, freshStorage, killServers, startServer } from '@clinicsync/testing/cli';
import type { Storage } from '@clinicsync/testing/cli';
import { bigPush } from '@clinicsync/testing/fixtures';
import { allPermissions, testEngine } from '@clinicsync/testing/server';
import { withCliDatabase } from '../src/open-cli-database.js';

// The embedded database's counterpart of the server's
// test/reliability/server-crash-push.test.ts: a `clinicsync serve --data`
// process killed (SIGKILL) while it takes a large push. PGlite cannot be
// watched from outside, so the kills land at several fractions of the time a
// whole push takes; whatever the moment, the data directory must reopen (as
// the command reopens it, taking over the lock the killed process left) with
// all of that push or none of it.
const onPglite = testEngine === 'pglite';
const email = 'crash@clinic.test';
/** The provider's clinic: the pushed patients are registered there. */
let clinicId = '';
const password = 'crash-test-password';
const flagsOf = (storage: Storage) => ({ data: storage.args[1]!, databaseUrl: undefined });

let storage: Storage;

async function countByPrefix(prefix: string) {
  return withCliDatabase(flagsOf(storage), async (db) => {
    const count = async (sql: string) => (await db.query<{ n: number }>(sql, [`${prefix}%`]))[0]!.n;
    return {
      patients: await count('SELECT count(*)::int AS n FROM patients WHERE id LIKE $1'),
      events: await count('SELECT count(*)::int AS n FROM events WHERE id LIKE $1'),
      history: await count('SELECT count(*)::int AS n FROM change_history WHERE row_id LIKE $1'),
    };
  });
}

async function push(base: string, body: string): Promise<number | 'connection lost'> {
  const authorization = `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
  return fetch(`${base}/api/v2/sync?last_pulled_at=0`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body,
  }).then(
    async (r) => {
      await r.body?.cancel();
      return r.status;
    },
    () => 'connection lost' as const,
  );
}

async function serve(): Promise<{ base: string; kill(): Promise<void>; stop(): Promise<void> }> {
  const server = startServer(storage.args);
  const base = (await server.waitFor(/is running at (http:\/\/\S+?) /))[1]!;
  return {
    base,
    async kill() {
      server.child.kill('SIGKILL');
      await server.stop();
    },
    stop: async () => void (await server.stop()),
  };
}

describe.runIf(onPglite)('a PGlite server killed during a large push', () => {
  beforeAll(async () => {
    buildOnce();
    storage = await freshStorage();
    await withCliDatabase(flagsOf(storage), async (db) => {
      const clinic = await createClinic(db, 'Crash clinic', null);
      clinicId = clinic.id;
      await createUser(
        db,
        {
          email,
          password,
          name: 'Crash',
          role: 'provider',
          clinicId: clinic.id,
          permissions: allPermissions,
        },
        null,
      );
    });
  }, 240_000);
  afterAll(async () => {
    killServers();
    await storage?.cleanup();
  });

  test('reopens with all of the push or none of it, and the push then applies whole', async () => {
    // How long a whole push takes here, to spread the kills over it.
    let server = await serve();
    const started = performance.now();
    expect(await push(server.base, JSON.stringify(bigPush('whole-', clinicId)))).toBe(200);
    const pushMs = performance.now() - started;
    await server.stop();

    const none = { patients: 0, events: 0, history: 0 };
    const all = { patients: 3000, events: 9000, history: 12000 };
    const outcomes: string[] = [];
    let lost: { prefix: string; body: string } | undefined;
    for (const fraction of [0.3, 0.6, 0.9]) {
      const prefix = `crash${Math.round(fraction * 100)}-`;
      const body = JSON.stringify(bigPush(prefix, clinicId));
      server = await serve();
      const pushed = push(server.base, body);
      await new Promise((resolve) => setTimeout(resolve, fraction * pushMs));
      await server.kill();
      const answer = await pushed;
      const counts = await countByPrefix(prefix);
      expect([none, all], `killed at ${fraction} of a push (${answer})`).toContainEqual(counts);
      // An answered 200 means committed: it must all be there.
      if (answer === 200) expect(counts).toEqual(all);
      if (counts.patients === 0) lost ??= { prefix, body };
      outcomes.push(`${fraction}: ${counts.patients === 0 ? 'none' : 'all'}`);
    }
    if (lost) {
      // The device sends the same push again once the server is back.
      server = await serve();
      expect(await push(server.base, lost.body)).toBe(200);
      await server.stop();
      expect(await countByPrefix(lost.prefix)).toEqual(all);
    }
    console.log(
      `PGlite kills during a push (fraction of push time: outcome): ${outcomes.join(', ')}`,
    );
  }, 600_000);
});

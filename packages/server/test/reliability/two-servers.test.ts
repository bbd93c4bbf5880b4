import type { AnyWireRow, PullResponse } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildOnce, killServers, startServer } from '@clinicsync/testing/cli';
import type { ServerProcess } from '@clinicsync/testing/cli';
import { asPushed, clinicalRow } from '@clinicsync/testing/fixtures';
import { allPermissions, startTestServer, testEngine } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';

// Two `clinicsync serve` processes on one PostgreSQL database, devices spread
// across both: writers push through either, a reader alternates between them
// with its cursor, and nothing is missed or sent twice in a pull. PGlite is
// one process's database, so this runs on PostgreSQL only.
const onPostgres = testEngine === 'postgres';

let database: TestServer;
let servers: ServerProcess[] = [];
let urls: string[] = [];
let writers: TestUser[];
let reader: TestUser;

async function call(
  url: string,
  user: TestUser,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: user.basic, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as PullResponse & { ok?: boolean };
}

describe.runIf(onPostgres)('two server processes on one PostgreSQL', () => {
  beforeAll(async () => {
    buildOnce();
    // The in-process server only provides the fresh database and its users.
    database = await startTestServer();
    writers = await Promise.all(
      [1, 2, 3, 4].map(() => database.addUser('provider', allPermissions)),
    );
    reader = await database.addUser('provider', allPermissions);
    servers = [0, 1].map(() => startServer(['--database-url', database.database.url!]));
    urls = await Promise.all(
      servers.map(async (s) => (await s.waitFor(/is running at (http:\/\/\S+?) /))[1]!),
    );
  }, 240_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    killServers();
    await database?.close();
  });

  test('the pull-race invariant and convergence hold across both', async () => {
    const written = new Set<string>();
    const state = new Map<string, AnyWireRow>();
    const apply = (response: PullResponse) => {
      for (const [table, changes] of Object.entries(response.changes)) {
        const ids = [...changes.created, ...changes.updated]
          .map((r) => r.id)
          .concat(changes.deleted);
        expect(new Set(ids).size, `an id twice in one pull of ${table}`).toBe(ids.length);
        for (const row of [...changes.created, ...changes.updated])
          state.set(`${table}/${row.id}`, row);
        for (const id of changes.deleted) state.delete(`${table}/${id}`);
      }
    };
    let done = false;
    let cursor = 0;
    let pulls = 0;
    const readerLoop = (async () => {
      while (!done) {
        const response = await call(
          urls[pulls % 2]!,
          reader,
          'GET',
          `/api/v2/sync?last_pulled_at=${cursor}`,
        );
        apply(response);
        cursor = response.timestamp;
        pulls++;
      }
    })();
    await Promise.all(
      writers.map(async (writer, w) => {
        let writerCursor = 0;
        let mine: AnyWireRow[] = [];
        for (let i = 0; i < 10; i++) {
          const url = urls[(w + i) % 2]!;
          writerCursor = (
            await call(url, writer, 'GET', `/api/v2/sync?last_pulled_at=${writerCursor}`)
          ).timestamp;
          const created = Array.from({ length: 30 }, () =>
            clinicalRow('patients', database.clinicId),
          );
          const updated = mine.slice(-5).map((r) => ({ ...r, phone: `${w}-${i}` }));
          const pushed = await call(
            url,
            writer,
            'POST',
            `/api/v2/sync?last_pulled_at=${writerCursor}`,
            {
              patients: {
                created: created.map((r) => asPushed(r, 'created')),
                updated: updated.map((r) => asPushed(r, 'updated', ['phone'])),
              },
            },
          );
          expect(pushed).toEqual({ ok: true });
          for (const r of created) written.add(`patients/${r.id}`);
          mine = [...mine, ...created];
        }
      }),
    );
    done = true;
    await readerLoop;
    apply(await call(urls[0]!, reader, 'GET', `/api/v2/sync?last_pulled_at=${cursor}`));

    expect(pulls).toBeGreaterThan(1);
    for (const id of written) expect(state.has(id), `missed ${id}`).toBe(true);
    const truth = new Map<string, AnyWireRow>();
    const everything = await call(urls[1]!, reader, 'GET', '/api/v2/sync?last_pulled_at=0');
    for (const row of everything.changes.patients?.created ?? [])
      truth.set(`patients/${row.id}`, row);
    const patients = (m: Map<string, AnyWireRow>) =>
      [...m].filter(([k]) => k.startsWith('patients/')).sort(([a], [b]) => a.localeCompare(b));
    expect(patients(state)).toEqual(patients(truth));
  });
});

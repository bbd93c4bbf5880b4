import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asPushed, clinicalRow, makeRow } from '@clinicsync/testing/fixtures';
import {
  allPermissions,
  mergeChanges,
  pull,
  pullAllPages,
  push,
  startTestServer,
} from '@clinicsync/testing/server';
import type { PullResponse } from '@clinicsync/schema';
import type { TestServer, TestUser } from '@clinicsync/testing/server';

let server: TestServer;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  alice = await server.addUser('provider', allPermissions);
  bob = await server.addUser('provider', allPermissions);
  // A small clinic: patients with visits and events, some edited, some deleted.
  const cursor = (await pull(server.app, { auth: alice.basic }, 0)).timestamp;
  const patients = Array.from({ length: 30 }, (_, i) =>
    clinicalRow('patients', server.clinicId, { given_name: `P${i}` }),
  );
  const visits = patients.map((p) => clinicalRow('visits', server.clinicId, { patient_id: p.id }));
  const events = visits.map((v) =>
    makeRow('events', { patient_id: v['patient_id'], visit_id: v.id, form_data: '{"notes":"ok"}' }),
  );
  await push(server.app, { auth: alice.basic }, cursor, {
    patients: { created: patients.map((r) => asPushed(r, 'created')) },
    visits: { created: visits.map((r) => asPushed(r, 'created')) },
    events: { created: events.map((r) => asPushed(r, 'created')) },
  });
  await push(server.app, { auth: alice.basic }, cursor, {
    patients: {
      updated: [asPushed({ ...patients[0]!, phone: 'x' }, 'updated', ['phone'])],
      deleted: [patients[1]!.id],
    },
  });
});
afterAll(() => server.close());

/** Created, updated and deleted records of a pull answer, all tables together. */
function recordsIn(answer: PullResponse): number {
  return Object.values(answer.changes).reduce(
    (n, c) => n + c.created.length + c.updated.length + c.deleted.length,
    0,
  );
}

describe('pull', () => {
  test('every pull gets its own timestamp, which never decreases for a device', async () => {
    const seen = new Set<number>();
    let cursor = 0;
    for (let i = 0; i < 5; i++) {
      const [a, b] = await Promise.all([
        pull(server.app, { auth: alice.basic }, cursor),
        pull(server.app, { auth: bob.basic }, cursor),
      ]);
      for (const t of [a.timestamp, b.timestamp]) {
        expect(Number.isSafeInteger(t) && t > 0).toBe(true);
        expect(seen.has(t)).toBe(false);
        seen.add(t);
      }
      expect(a.timestamp).toBeGreaterThan(cursor);
      cursor = a.timestamp;
    }
  });

  test('a device is not sent its own pushed rows as created', async () => {
    const first = await pull(server.app, { auth: bob.basic }, 0);
    const patient = clinicalRow('patients', server.clinicId);
    await push(server.app, { auth: bob.basic }, first.timestamp, {
      patients: { created: [asPushed(patient, 'created')] },
    });
    const own = await pull(server.app, { auth: bob.basic }, first.timestamp);
    expect(own.changes.patients!.created).toEqual([]);
    expect(own.changes.patients!.updated).toEqual([patient]);
    const other = await pull(server.app, { auth: alice.basic }, first.timestamp);
    expect(other.changes.patients!.created).toEqual([patient]);
  });

  test('paged pulls together equal the unpaged pull, with no id twice', async () => {
    const whole = await pull(server.app, { auth: bob.basic }, 0);
    for (const limit of [1, 7, 50, 10_000]) {
      const { pages, timestamp } = await pullAllPages(server.app, { auth: bob.basic }, 0, limit);
      expect(timestamp).toBe(pages[0]!.timestamp);
      const ids = pages.flatMap((p) =>
        Object.entries(p.changes).flatMap(([t, c]) =>
          [...c.created, ...c.updated].map((r) => `${t}/${r.id}`),
        ),
      );
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of pages) {
        expect(recordsIn(p)).toBeLessThanOrEqual(limit);
      }
      expect(mergeChanges(pages)).toEqual(mergeChanges([whole]));
    }
    // Incremental paged pulls match too, deletes included.
    const since = (await pull(server.app, { auth: bob.basic }, 0)).timestamp;
    const patient = clinicalRow('patients', server.clinicId);
    await push(server.app, { auth: alice.basic }, null, {
      patients: { created: [asPushed(patient, 'created')] },
    });
    const cursorBefore = since;
    const paged = await pullAllPages(server.app, { auth: bob.basic }, cursorBefore, 1);
    const unpaged = await pull(server.app, { auth: bob.basic }, cursorBefore);
    expect(mergeChanges(paged.pages)).toEqual(mergeChanges([unpaged]));
  });

  test('a lost page can be asked for again with the same next', async () => {
    const first = await pull(server.app, { auth: bob.basic }, 0, '&limit=5');
    const again1 = await pull(
      server.app,
      { auth: bob.basic },
      0,
      `&limit=5&next=${encodeURIComponent(first.next!)}`,
    );
    const again2 = await pull(
      server.app,
      { auth: bob.basic },
      0,
      `&limit=5&next=${encodeURIComponent(first.next!)}`,
    );
    expect(again2).toEqual(again1);
  });

  test("a page's next goes to its own user only, and holds what a fresh read of it holds", async () => {
    // On PostgreSQL the server reads each next page ahead (page-read-ahead.ts):
    // the first request for it takes that page, the second reads it afresh.
    const first = await pull(server.app, { auth: alice.basic }, 0, '&limit=7');
    const next = `&limit=7&next=${encodeURIComponent(first.next!)}`;
    const stolen = await server.app.inject({
      method: 'GET',
      url: `/api/v2/sync?last_pulled_at=0&schema_version=9${next}`,
      headers: { authorization: bob.basic },
    });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json<{ error: { code: string } }>().error.code).toBe('bad_request');
    const taken = await pull(server.app, { auth: alice.basic }, 0, next);
    const fresh = await pull(server.app, { auth: alice.basic }, 0, next);
    expect(taken).toEqual(fresh);
    // Another page size is another read, never the page read for size 7.
    const other = await pull(
      server.app,
      { auth: alice.basic },
      0,
      `&limit=3&next=${encodeURIComponent(first.next!)}`,
    );
    expect(recordsIn(other)).toBe(3);
  });

  test("the sync log counts each page's records once, read ahead or not", async () => {
    const device = 'paged-count-device';
    const { pages } = await pullAllPages(
      server.app,
      { auth: bob.basic, deviceId: device },
      null,
      4,
    );
    const sent = pages.reduce((n, p) => n + recordsIn(p), 0);
    const rows = await server.database.db.query<{ counts: Record<string, Record<string, number>> }>(
      `SELECT counts FROM sync_log WHERE device_id = $1 AND kind = 'pull'`,
      [device],
    );
    expect(rows).toHaveLength(pages.length);
    const logged = rows.reduce(
      (n, r) =>
        n +
        Object.values(r.counts).reduce(
          (m, c) => m + (c['created'] ?? 0) + (c['updated'] ?? 0) + (c['deleted'] ?? 0),
          0,
        ),
      0,
    );
    expect(logged).toBe(sent);
  });

  test('a pull with a migration sends the listed tables whole', async () => {
    const latest = (await pull(server.app, { auth: bob.basic }, 0)).timestamp;
    const migration = encodeURIComponent(
      JSON.stringify({
        from: 8,
        tables: ['visits'],
        columns: [{ table: 'patients', columns: ['phone'] }],
      }),
    );
    const migrated = await pull(server.app, { auth: bob.basic }, latest, `&migration=${migration}`);
    expect(migrated.changes.visits!.created.length).toBeGreaterThanOrEqual(29);
    expect(migrated.changes.patients!.updated.map((r) => r.phone)).toContain('x');
    expect(migrated.changes.patients!.updated.every((r) => r.phone !== '')).toBe(true);
  });

  test('an unknown cursor gets everything again, with tombstones', async () => {
    const resync = await pull(server.app, { auth: bob.basic }, 123_456_789);
    expect(resync.changes.patients!.created.length).toBeGreaterThan(20);
    expect(resync.changes.patients!.deleted.length).toBeGreaterThan(0);
  });

  test('answers are compressed with gzip or brotli when asked', async () => {
    for (const [encoding, decode] of [
      ['gzip', gunzipSync],
      ['br', brotliDecompressSync],
    ] as const) {
      const response = await server.app.inject({
        method: 'GET',
        url: '/api/v2/sync?last_pulled_at=0',
        headers: { authorization: bob.basic, 'accept-encoding': encoding },
      });
      expect(response.headers['content-encoding']).toBe(encoding);
      const body = JSON.parse(decode(response.rawPayload).toString('utf8'));
      expect(body.changes.patients.created.length).toBeGreaterThan(20);
    }
  });

  test('the sync log records pulls and pushes', async () => {
    const rows = await server.database.db.query<{ kind: string; user_id: string }>(
      'SELECT kind, user_id FROM sync_log',
    );
    expect(rows.some((r) => r.kind === 'pull' && r.user_id === bob.id)).toBe(true);
    expect(rows.some((r) => r.kind === 'push' && r.user_id === alice.id)).toBe(true);
  });
});

describe('paged pull bodies', () => {
  test('are ASCII, with names beyond it escaped and read back as they were written', async () => {
    const cursor = (await pull(server.app, { auth: alice.basic }, 0)).timestamp;
    const named = clinicalRow('patients', server.clinicId, {
      given_name: 'فاطمة الزهراء',
      surname: 'Flórez 👩🏽‍⚕️',
    });
    await push(server.app, { auth: alice.basic }, cursor, {
      patients: { created: [asPushed(named, 'created')] },
    });
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/v2/sync?last_pulled_at=${cursor}&limit=50`,
      headers: { authorization: bob.basic },
    });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.every((byte) => byte < 0x80)).toBe(true);
    const answer = JSON.parse(response.rawPayload.toString('utf8')) as PullResponse;
    const patients = answer.changes.patients!;
    const row = [...patients.created, ...patients.updated].find((r) => r.id === named.id);
    expect(row).toMatchObject({ given_name: 'فاطمة الزهراء', surname: 'Flórez 👩🏽‍⚕️' });
  });
});

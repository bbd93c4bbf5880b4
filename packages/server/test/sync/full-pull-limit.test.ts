import { afterEach, describe, expect, test } from 'vitest';
import { allPermissions, pullAllPages, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { FullPullLimiter } from '../../src/sync/pull/full-pull-limiter.js';
import { expectError } from '../admin/admin-calls.js';
import { addPatient } from '../patients/add-patient.js';

// One account cannot keep the server busy with whole-database downloads:
// full pulls (no last_pulled_at) are limited per user, at once and per
// window, answered 429 with Retry-After (PROTOCOL.md, "Errors"); a paged
// full pull counts once, whatever its number of pages.

describe('the limiter', () => {
  const limit = { atOnce: 1, perWindow: 3, windowMs: 60_000 };

  test('one at once: a second waits until the first is done', () => {
    const limiter = new FullPullLimiter(limit);
    const release = limiter.begin('u1', 0);
    expect(() => limiter.begin('u1', 1)).toThrow(
      expect.objectContaining({ code: 'too_many_requests', details: { retryAfterSeconds: 10 } }),
    );
    // Another user is not held up.
    limiter.begin('u2', 1)();
    release();
    release(); // a second release changes nothing
    limiter.begin('u1', 2)();
  });

  test('per window: refused until the oldest start leaves it', () => {
    const limiter = new FullPullLimiter(limit);
    for (const at of [0, 10_000, 20_000]) limiter.begin('u1', at)();
    expect(() => limiter.begin('u1', 30_000)).toThrow(
      expect.objectContaining({ details: { retryAfterSeconds: 30 } }),
    );
    limiter.begin('u1', 60_001)();
  });
});

describe('through the pull route', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const fullPull = (user: TestUser, extra = '') =>
    server!.app.inject({
      method: 'GET',
      url: `/api/v2/sync?last_pulled_at=0&schema_version=9${extra}`,
      headers: { authorization: user.basic },
    });

  test('past the window limit a full pull is 429 with Retry-After; incremental pulls and other users go on', async () => {
    server = await startTestServer({
      fullPullLimit: { atOnce: 2, perWindow: 3, windowMs: 3_600_000 },
    });
    const user = await server.addUser('provider', allPermissions);
    const other = await server.addUser('provider', allPermissions);
    let timestamp = 0;
    for (let i = 0; i < 3; i++) {
      const answer = await fullPull(user);
      expect(answer.statusCode, answer.body).toBe(200);
      timestamp = answer.json<{ timestamp: number }>().timestamp;
    }
    const refused = await fullPull(user);
    expectError(refused, 429, 'too_many_requests');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // `null` is a first sync too.
    expectError(
      await server.app.inject({
        method: 'GET',
        url: '/api/v2/sync?last_pulled_at=null',
        headers: { authorization: user.basic },
      }),
      429,
      'too_many_requests',
    );
    const incremental = await server.app.inject({
      method: 'GET',
      url: `/api/v2/sync?last_pulled_at=${timestamp}&schema_version=9`,
      headers: { authorization: user.basic },
    });
    expect(incremental.statusCode).toBe(200);
    expect((await fullPull(other)).statusCode).toBe(200);
  });

  test('a paged full pull counts once, not once per page', async () => {
    server = await startTestServer({
      fullPullLimit: { atOnce: 1, perWindow: 2, windowMs: 3_600_000 },
    });
    const user = await server.addUser('provider', allPermissions);
    for (let i = 0; i < 6; i++) {
      await addPatient(server.database.db, { primary_clinic_id: server.clinicId });
    }
    const first = await pullAllPages(server.app, { auth: user.basic }, 0, 2);
    expect(first.pages.length).toBeGreaterThan(2);
    const second = await pullAllPages(server.app, { auth: user.basic }, 0, 2);
    expect(second.pages.length).toBe(first.pages.length);
    expectError(await fullPull(user, '&limit=2'), 429, 'too_many_requests');
  });

  test('buildApp limits full pulls by default', async () => {
    // The test server turns the limit off; a server built as serve builds it has one.
    const { buildApp, defaultFullPullLimit } = await import('../../src/app.js');
    expect(defaultFullPullLimit).toEqual({ atOnce: 2, perWindow: 20, windowMs: 3_600_000 });
    server = await startTestServer();
    const app = await buildApp({ db: server.database.db });
    const user = await server.addUser('provider', allPermissions);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const answer = await app.inject({
        method: 'GET',
        url: '/api/v2/sync?last_pulled_at=0&limit=50',
        headers: { authorization: user.basic },
      });
      statuses.push(answer.statusCode);
    }
    await app.close();
    expect(statuses).toEqual([...Array<number>(20).fill(200), 429]);
  });
});

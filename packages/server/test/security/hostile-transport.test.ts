import { request } from 'node:http';
import { connect } from 'node:net';
import type { AnyWireRow } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asPushed, clinicLinks, clinicalRow, makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, snapshotDatabase, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';

// Hostile input over a real listening socket, where inject() cannot go:
// duplicated ids, a body over MAX_BODY_MB and a body trickled byte by byte.
// Every answer is a 200 or a 4xx in the PROTOCOL.md shape, a refusal writes
// nothing, and other users are served meanwhile.

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** One JSON call through the socket, as a device makes it. */
async function call(
  server: TestServer,
  user: TestUser,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: user.basic, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

async function pullCursor(server: TestServer, user: TestUser): Promise<number> {
  const pulled = await call(server, user, 'GET', '/api/v2/sync?last_pulled_at=0&schema_version=9');
  expect(pulled.status).toBe(200);
  return (pulled.body as { timestamp: number }).timestamp;
}

async function storedIds(server: TestServer, ids: readonly string[]): Promise<string[]> {
  const rows = await server.database.db.query<{ id: string }>(
    'SELECT id FROM patients WHERE id = ANY($1) ORDER BY id',
    [ids],
  );
  return rows.map((row) => row.id);
}

describe('on a server with the default limits', () => {
  let server: TestServer;
  let user: TestUser;
  let other: TestUser;
  let cursor: number;
  const existing = makeRow('patients', { given_name: 'Existing' });

  beforeAll(async () => {
    server = await startTestServer();
    user = await server.addUser('provider', allPermissions);
    other = await server.addUser('provider', allPermissions);
    await server.listen();
    cursor = await pullCursor(server, user);
    // Its id is named by the cases below, its clinic known only now.
    Object.assign(existing, clinicLinks('patients', server.clinicId));
    const created = await call(server, user, 'POST', `/api/v2/sync?last_pulled_at=${cursor}`, {
      patients: { created: [asPushed(existing, 'created')] },
    });
    expect(created).toEqual({ status: 200, body: { ok: true } });
  });
  afterAll(() => server.close());

  // docs/sync.md, "The push": validation refuses an id twice in a table with
  // a 400 before anything is written, so no order between created, updated
  // and deleted has to be guessed.
  const twice = (id: string) => ({
    table: 'patients',
    id,
    problem: 'appears more than once in this push',
  });
  const fresh = makeRow('patients');
  test.each<[string, () => Record<string, unknown>, unknown[]]>([
    [
      'one id in created, updated and deleted',
      () => ({
        created: [asPushed(existing, 'created')],
        updated: [asPushed({ ...existing, given_name: 'Updated' }, 'updated', ['given_name'])],
        deleted: [existing.id],
      }),
      // Reported once for each list after the first.
      [twice(existing.id), twice(existing.id)],
    ],
    [
      'one id twice in created',
      () => ({
        created: [
          asPushed({ ...fresh, given_name: 'First' }, 'created'),
          asPushed({ ...fresh, given_name: 'Second' }, 'created'),
        ],
      }),
      [twice(fresh.id)],
    ],
  ])('%s: 400 invalid_push, nothing written', async (_name, patients, problems) => {
    const before = await snapshotDatabase(server.database.db);
    // A valid record rides along: it must not be written either.
    const answer = await call(server, user, 'POST', `/api/v2/sync?last_pulled_at=${cursor}`, {
      patients: patients(),
      visits: {
        created: [
          asPushed(clinicalRow('visits', server.clinicId, { patient_id: existing.id }), 'created'),
        ],
      },
    });
    expect(answer).toEqual({
      status: 400,
      body: {
        error: { code: 'invalid_push', message: expect.any(String), details: { problems } },
      },
    });
    expect(await snapshotDatabase(server.database.db)).toBe(before);
  });

  const megabyte = 1024 * 1024;
  const limit = 32 * megabyte;

  /** A valid push of 50 patients of 1 MB each: over the default 32 MB. */
  function fiftyMegabytePush(): { ids: string[]; body: Buffer } {
    const rows: AnyWireRow[] = Array.from({ length: 50 }, () =>
      clinicalRow('patients', server.clinicId, { hometown: 'x'.repeat(megabyte) }),
    );
    const body = Buffer.from(
      JSON.stringify({ patients: { created: rows.map((row) => asPushed(row, 'created')) } }),
    );
    return { ids: rows.map((row) => row.id), body };
  }

  /**
   * A push on its own socket whose body the test sends part by part. It
   * stops writing once the server has answered (refused-upload.test.ts
   * covers a client that goes on sending).
   */
  function openUpload(body: Buffer, declareLength: boolean) {
    const upload = request(`${server.url}/api/v2/sync?last_pulled_at=${cursor}`, {
      method: 'POST',
      headers: {
        authorization: user.basic,
        'content-type': 'application/json',
        // Without a length Node sends the body chunked, so the server must count.
        ...(declareLength ? { 'content-length': String(body.length) } : {}),
      },
    });
    upload.flushHeaders();
    let answered = false;
    const answer = new Promise<Answer>((resolve, reject) => {
      upload.on('response', (response) => {
        answered = true;
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown }),
        );
      });
      upload.on('error', (error) => {
        // Past its drain bounds the server may cut the socket once it has answered.
        if (!answered) reject(error);
      });
    });
    const drained = () =>
      new Promise<void>((resolve) => {
        const done = () => {
          upload.off('drain', done);
          upload.off('close', done);
          resolve();
        };
        upload.on('drain', done);
        upload.on('close', done);
      });
    let sent = 0;
    return {
      answer,
      answered: () => answered,
      /** Sends the body up to byte `end`, a megabyte at a time. */
      async sendUntil(end: number): Promise<void> {
        while (sent < end && !answered && !upload.destroyed) {
          const piece = body.subarray(sent, Math.min(end, sent + megabyte));
          sent += piece.length;
          if (!upload.write(piece)) await drained();
        }
      },
    };
  }

  test.each([
    // The server refuses on the header alone: it reads none of the body.
    ['declared in Content-Length', true, 0, 0],
    // The server reads 16 MB while others are served, and answers at the
    // first byte past the limit: the rest of the body is never needed.
    ['sent chunked, with no length', false, 16 * megabyte, limit + 1],
  ])(
    'a 50 MB push %s: 413, nothing written, other users served meanwhile',
    async (_name, declareLength, sentMeanwhile, sentInAll) => {
      const { ids, body } = fiftyMegabytePush();
      const upload = openUpload(body, declareLength);
      await upload.sendUntil(sentMeanwhile);
      // Under the limit, an undeclared body leaves the server nothing to do but wait.
      if (!declareLength) expect(upload.answered()).toBe(false);

      const otherCursor = await pullCursor(server, other);
      const othersRow = clinicalRow('patients', server.clinicId, { given_name: 'Meanwhile' });
      const pushed = await call(
        server,
        other,
        'POST',
        `/api/v2/sync?last_pulled_at=${otherCursor}`,
        { patients: { created: [asPushed(othersRow, 'created')] } },
      );
      expect(pushed).toEqual({ status: 200, body: { ok: true } });
      if (!declareLength) expect(upload.answered()).toBe(false);
      const before = await snapshotDatabase(server.database.db);

      await upload.sendUntil(sentInAll);
      expect(await upload.answer).toEqual({
        status: 413,
        body: {
          error: { code: 'payload_too_large', message: expect.any(String), details: null },
        },
      });
      expect(await snapshotDatabase(server.database.db)).toBe(before);
      expect(await storedIds(server, ids)).toEqual([]);
      expect(await storedIds(server, [othersRow.id])).toEqual([othersRow.id]);

      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true });
    },
  );
});

describe('on a server with a 1.5 s request timeout', () => {
  let server: TestServer;
  let slow: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    server = await startTestServer({ requestTimeoutMs: 1_500 });
    slow = await server.addUser('provider', allPermissions);
    other = await server.addUser('provider', allPermissions);
    await server.listen();
  });
  afterAll(() => server.close());

  test('a body trickled byte by byte is cut by the server while others pull', async () => {
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    socket.on('error', () => undefined); // a write after the server closed: expected
    socket.write(
      'POST /api/v2/sync?last_pulled_at=0 HTTP/1.1\r\n' +
        `Host: ${hostname}:${port}\r\n` +
        `Authorization: ${slow.basic}\r\n` +
        'Content-Type: application/json\r\n' +
        'Content-Length: 1000\r\n\r\n{',
    );
    // Spaces are valid JSON padding; 1000 bytes at this pace take far longer
    // than the test may wait, so only the server can end this request.
    const trickle = setInterval(() => socket.write(' '), 100);
    const ended = new Promise<string>((resolve) => {
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('close', () => {
        clearInterval(trickle);
        resolve(text);
      });
    });
    try {
      expect((await call(server, other, 'GET', '/api/v2/sync?last_pulled_at=0')).status).toBe(200);
      // Closed by the server, with a 408 in the PROTOCOL shape when it could still write one.
      const answer = await ended;
      expect(answer).toMatch(/^(HTTP\/1\.1 408 |$)/);
      if (answer !== '') {
        const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as unknown;
        expect(body).toMatchObject({ error: { code: 'request_timeout', details: null } });
      }
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
    expect((await call(server, other, 'GET', '/api/v2/sync?last_pulled_at=0')).status).toBe(200);
    const health = await fetch(`${server.url}/api/health`);
    expect(await health.json()).toMatchObject({ ok: true });
  });
});

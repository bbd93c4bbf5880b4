import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';

// A push over MAX_BODY_MB from a client that goes on sending its body and
// reads only once it has sent it all, as most HTTP clients do: the server
// answers 413 long before the body is in. Closing the socket then would
// reset it under the unread bytes, and the client would see EPIPE or
// ECONNRESET instead of the 413 (and the SDK, which halves a push only on
// a 413, would send the same body again). The server reads the rest and
// throws it away, within bounds, as nginx's lingering close does.

const megabyte = 1024 * 1024;
const piece = Buffer.alloc(64 * 1024, 0x20); // spaces: valid JSON padding

interface Upload {
  /** Bytes of body the client had written when the server finished its answer. */
  readonly sentWhenAnswered: number | undefined;
  readonly sent: number;
  /** What the client read once it had sent everything (or failed to). */
  readonly received: string;
  readonly error: string | undefined;
}

/**
 * POST /api/v2/sync of `bodyBytes` bytes through a raw socket, written 64 KB
 * at a time, reading nothing until the whole body is written (or writing
 * failed), then reading what the server sent.
 */
async function upload(
  server: TestServer,
  user: TestUser,
  bodyBytes: number,
  framing: 'length' | 'chunked',
  options: { stopAfter?: number; untilClosed?: boolean } = {},
): Promise<Upload> {
  const { hostname, port } = new URL(server.url);
  const socket: Socket = connect(Number(port), hostname);
  socket.pause();
  let error: string | undefined;
  socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
  let sent = 0;
  let sentWhenAnswered: number | undefined;
  const onRequest = (
    _request: IncomingMessage,
    response: { once(e: 'finish', f: () => void): void },
  ) => response.once('finish', () => (sentWhenAnswered ??= sent));
  server.app.server.on('request', onRequest);
  try {
    socket.write(
      'POST /api/v2/sync?last_pulled_at=0 HTTP/1.1\r\n' +
        `Host: ${hostname}:${port}\r\n` +
        `Authorization: ${user.basic}\r\n` +
        'Content-Type: application/json\r\n' +
        (framing === 'length'
          ? `Content-Length: ${bodyBytes}\r\n\r\n`
          : 'Transfer-Encoding: chunked\r\n\r\n'),
    );
    const end = Math.min(bodyBytes, options.stopAfter ?? bodyBytes);
    while (sent < end && error === undefined && !socket.destroyed) {
      const part = piece.subarray(0, Math.min(piece.length, end - sent));
      const framed =
        framing === 'length'
          ? part
          : Buffer.concat([
              Buffer.from(`${part.length.toString(16)}\r\n`),
              part,
              Buffer.from('\r\n'),
            ]);
      const flushed = socket.write(framed);
      sent += part.length;
      if (!flushed) {
        await new Promise<void>((resolve) => {
          socket.once('drain', resolve);
          socket.once('close', resolve);
        });
      }
      // Slow enough for the server to answer while the body is still coming.
      if (sent % megabyte === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    if (framing === 'chunked' && sent === bodyBytes && error === undefined)
      socket.write('0\r\n\r\n');
    // Only now read: the answer, or the error that took its place.
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.resume();
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      socket.once('close', done);
      socket.once('error', done);
      const check = setInterval(() => {
        const answered = !options.untilClosed && /\r\n\r\n[^]*\}$/.test(received);
        if (answered || socket.destroyed) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    return { sentWhenAnswered, sent, received, error };
  } finally {
    server.app.server.off('request', onRequest);
    socket.destroy();
  }
}

function expect413(result: Upload, bodyBytes: number): void {
  expect(result.error).toBeUndefined();
  expect(result.sent).toBe(bodyBytes);
  // The server had answered before the client was done sending.
  expect(result.sentWhenAnswered).toBeDefined();
  expect(result.sentWhenAnswered!).toBeLessThan(bodyBytes);
  expect(result.received).toMatch(/^HTTP\/1\.1 413 /);
  const body = JSON.parse(
    result.received.slice(result.received.indexOf('\r\n\r\n') + 4),
  ) as unknown;
  expect(body).toMatchObject({ error: { code: 'payload_too_large', details: null } });
}

describe('at the default MAX_BODY_MB (32)', () => {
  let server: TestServer;
  let user: TestUser;
  beforeAll(async () => {
    server = await startTestServer();
    user = await server.addUser('provider', allPermissions);
    await server.listen();
  });
  afterAll(() => server.close());

  test.each([
    ['declared in Content-Length (refused on the headers)', 'length'],
    ['sent chunked (refused past 32 MB)', 'chunked'],
  ] as const)(
    'a client that sends all of a 50 MB push %s still reads its 413',
    async (_name, framing) => {
      const bodyBytes = 50 * megabyte;
      expect413(await upload(server, user, bodyBytes, framing), bodyBytes);
      // And the server goes on serving.
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
    },
  );
});

describe('the draining is bounded', () => {
  let server: TestServer;
  let user: TestUser;
  beforeAll(async () => {
    // 1 MB bodies: the server reads at most 2 MB more after its 413.
    server = await startTestServer({ maxBodyMb: 1 });
    user = await server.addUser('provider', allPermissions);
    await server.listen();
  });
  afterAll(() => server.close());

  test('a client sending far more than the bound is cut', async () => {
    const bodyBytes = 200 * megabyte;
    const result = await upload(server, user, bodyBytes, 'length');
    expect(result.error).toMatch(/^(EPIPE|ECONNRESET)$/);
    expect(result.sent).toBeLessThan(bodyBytes);
  });

  test('a client that stops sending is cut, not waited for', async () => {
    // 5 MB declared, 1.5 MB sent, then nothing: the idle bound ends it.
    const result = await upload(server, user, 5 * megabyte, 'length', {
      stopAfter: 1.5 * megabyte,
      untilClosed: true,
    });
    expect(result.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.sent).toBe(1.5 * megabyte);
  });
});

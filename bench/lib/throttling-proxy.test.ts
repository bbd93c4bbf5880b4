import { connect } from 'node:net';
import { seedDatabase } from '@clinicsync/server';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startThrottlingProxy } from './throttling-proxy.js';
import type { ThrottlingProxy } from './throttling-proxy.js';

// Fast enough for a test, slow enough that every answer waits on the link.
const bitsPerSecond = 8_000_000;
let server: TestServer;
let basic: string;

beforeAll(async () => {
  server = await startTestServer();
  const seeded = await seedDatabase(server.database.db, { seed: 3, clinics: 1, patients: 20 });
  const provider = seeded.users.find((u) => u.role === 'provider')!;
  basic = `Basic ${Buffer.from(`${provider.email}:${seeded.password}`).toString('base64')}`;
  await server.listen();
});

afterAll(async () => {
  await server.close();
});

/** A first pull's single page, asked on a raw connection: every byte the device receives is counted. */
function rawPull(proxyUrl: string): Promise<{ received: number; text: string }> {
  const url = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      resolve({ received: all.length, text: all.toString('latin1') });
    });
    socket.write(
      `GET /api/v2/sync?last_pulled_at=0&schema_version=9 HTTP/1.1\r\nHost: ${url.host}\r\n` +
        `Authorization: ${basic}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n`,
    );
  });
}

async function withProxy<T>(
  options: Parameters<typeof startThrottlingProxy>[1],
  work: (proxy: ThrottlingProxy) => Promise<T>,
): Promise<T> {
  const proxy = await startThrottlingProxy(server.url, options);
  try {
    return await work(proxy);
  } finally {
    await proxy.close();
  }
}

test('an answer passed whole: the device receives every byte the proxy counts, the whole body', async () => {
  await withProxy({ bitsPerSecond, cutRate: 0 }, async (proxy) => {
    const { received, text } = await rawPull(proxy.url);
    expect(text).toMatch(/^HTTP\/1\.1 200/);
    const [exchange] = proxy.exchanges;
    expect(exchange).toMatchObject({
      status: 200,
      contentEncoding: 'gzip',
      cut: false,
      complete: true,
    });
    expect(exchange!.deliveredBytes).toBe(exchange!.bodyBytes);
    expect(exchange!.deliveredBytes).toBeGreaterThan(1000);
    const count = proxy.count();
    expect(count).toMatchObject({ connections: 1, requests: 1, cuts: 0 });
    expect(count.downBytes).toBe(received);
    expect(count.downBytes).toBeGreaterThan(exchange!.deliveredBytes);
  });
});

test('a cut answer: fewer bytes than its body reach the device, exactly as counted', async () => {
  await withProxy({ bitsPerSecond, cutRate: 1, seed: 4 }, async (proxy) => {
    const { received } = await rawPull(proxy.url);
    const [exchange] = proxy.exchanges;
    expect(exchange).toMatchObject({ cut: true, complete: false });
    expect(exchange!.deliveredBytes).toBeLessThan(exchange!.bodyBytes!);
    expect(proxy.count()).toMatchObject({ requests: 1, cuts: 1, downBytes: received });
  });
});

test('a cut answer fails the request of a fetch', async () => {
  await withProxy({ bitsPerSecond, cutRate: 1, seed: 5 }, async (proxy) => {
    const answer = await fetch(`${proxy.url}/api/v2/sync?last_pulled_at=0&schema_version=9`, {
      headers: { authorization: basic },
    });
    await expect(answer.arrayBuffer()).rejects.toThrow();
    expect(proxy.count().cuts).toBe(1);
  });
});

test('the same seed cuts the same requests at the same point of their bodies', async () => {
  // Each pull's body differs by its timestamp, so its compressed length may
  // differ by a byte or two between runs: the cut is a fraction of it.
  const cutsOf = (seed: number) =>
    withProxy({ bitsPerSecond, cutRate: 0.5, seed }, async (proxy) => {
      for (let i = 0; i < 12; i++) await rawPull(proxy.url);
      for (const e of proxy.exchanges) {
        expect(e.cut).toBe(e.cutAt !== null);
        if (e.cutAt !== null) expect(e.deliveredBytes).toBe(Math.floor(e.cutAt * e.bodyBytes!));
      }
      return proxy.exchanges.map((e) => e.cutAt);
    });
  const first = await cutsOf(11);
  expect(first.some((at) => at !== null)).toBe(true);
  expect(first.some((at) => at === null)).toBe(true);
  expect(await cutsOf(11)).toEqual(first);
});

test('a request body crosses whole and is counted up', async () => {
  await withProxy({ bitsPerSecond, cutRate: 0 }, async (proxy) => {
    // Longer than one slice of the link; a 401 (not a 400) says the server read valid JSON.
    const body = JSON.stringify({
      email: `${'a'.repeat(300)}@clinic.test`,
      password: 'x'.repeat(1000),
    });
    const answer = await fetch(`${proxy.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(401);
    await answer.arrayBuffer();
    expect(proxy.count().upBytes).toBeGreaterThan(body.length);
  });
});

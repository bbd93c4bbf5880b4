import { syncedTables } from '@clinicsync/schema';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageFetcher, nextHint } from '../src/browser/page-fetcher.js';
import { createNodeDriver, createSyncEngine, openStore } from '../src/node.js';
import type { LocalStore, SqlDriver } from '../src/node.js';
import { readPackedPage } from '../src/sync/pulled-page.js';
import type { PageStager } from '../src/sync/pulled-page.js';
import { deviceContents, openTestDevice } from './support/devices.js';
import { seedRecords } from './support/seed-records.js';

// The browser's page reader (page-fetcher.ts) driving a whole sync against a
// real server, here in Node: the SDK's engine asks it for each page, and it
// has already sent the requests for the pages the ones before announced.
let server: TestServer;
let user: TestUser;
let reference: Record<string, unknown[]>;
const pageSize = 40;
const closing: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  user = await server.addUser('provider', allPermissions);
  const seeder = await openTestDevice(server, user);
  closing.push(seeder);
  await seedRecords(seeder.store, server.clinicId, 100);
  await seeder.engine.sync();
  reference = await deviceContents(seeder);
});
afterAll(async () => {
  for (const item of closing.reverse()) await item.close();
  await server?.close();
});

/** The pages' requests as they were sent, and how each ended. */
interface Sent {
  readonly next: string | null;
  readonly at: number;
  outcome: 'answered' | 'aborted' | 'pending';
}

/** A fetch that notes each pull request; `rewrite` may change an answer's body. */
function recordingFetch(sent: Sent[], rewrite?: (body: string) => string): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input));
    const entry: Sent = {
      next: url.searchParams.get('next'),
      at: performance.now(),
      outcome: 'pending',
    };
    const pull = url.pathname === '/api/v2/sync';
    if (pull) sent.push(entry);
    try {
      const response = await fetch(input, init);
      if (!pull || !rewrite || !response.ok) return response;
      const body = rewrite(await response.text());
      return new Response(body, { status: response.status, headers: response.headers });
    } catch (error) {
      if (init?.signal?.aborted) entry.outcome = 'aborted';
      throw error;
    } finally {
      if (entry.outcome === 'pending' && !init?.signal?.aborted) entry.outcome = 'answered';
      else if (init?.signal?.aborted) entry.outcome = 'aborted';
    }
  };
}

async function contents(store: LocalStore): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of syncedTables) {
    result[table.name] = await store.query(table.name, { orderBy: [{ column: 'id' }] });
  }
  return result;
}

/** A device whose pages are fetched and read by a PageFetcher over `fetchFn`. */
async function fetcherDevice(fetchFn: typeof fetch) {
  const fetcher = new PageFetcher(fetchFn, async ({ body, context }) =>
    readPackedPage(body, context),
  );
  /** When each page the engine asked for was handed to it, read. */
  const handed: number[] = [];
  const stager: PageStager = {
    pullPage: async (request, signal) => {
      const page = await fetcher.pull(request, signal ?? new AbortController().signal);
      handed.push(performance.now());
      return page;
    },
  };
  const driver: SqlDriver & PageStager = { ...createNodeDriver({}), ...stager };
  const store = await openStore(driver);
  closing.push(store);
  const engine = createSyncEngine(store, {
    serverUrl: server.url,
    auth: { type: 'basic', email: user.email, password: user.password },
    pageSize,
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
  });
  return { store, engine, handed };
}

describe('the page reader fetching a page ahead', () => {
  it('pulls everything, each page requested once, the next already on its way', async () => {
    const sent: Sent[] = [];
    const { store, engine, handed } = await fetcherDevice(recordingFetch(sent));
    await engine.sync();
    expect(await contents(store)).toEqual(reference);

    const pages = sent.length;
    expect(pages).toBeGreaterThan(3);
    expect(handed).toHaveLength(pages);
    // One request a page, and each page's request was out before the page
    // before it was read: the reader sent it (the engine asks for a page
    // once it holds the one before, read).
    expect(new Set(sent.map((s) => s.next)).size).toBe(pages);
    expect(sent.every((s) => s.outcome === 'answered')).toBe(true);
    for (let k = 1; k < pages; k++) expect(sent[k]!.at).toBeLessThan(handed[k - 1]!);
    // And never more than two pages beyond the one asked for: page k+3 is
    // sent once page k is read, just before the engine is handed it.
    for (let k = 4; k < pages; k++) expect(sent[k]!.at).toBeGreaterThan(handed[k - 4]!);
  });

  it('drops a page fetched ahead on a wrong hint and asks for the right one', async () => {
    const sent: Sent[] = [];
    // A decoy `next` in the answer's last bytes, before the real one: the
    // parsed page names another page than the hint.
    const decoy = (body: string) => {
      const answer = JSON.parse(body) as Record<string, unknown>;
      if (answer['has_more'] !== true) return body;
      const { next, ...rest } = answer;
      delete rest['has_more'];
      return `${JSON.stringify(rest).slice(0, -1)},"decoy":{"next":"bogus"},"has_more":true,"next":${JSON.stringify(next)}}`;
    };
    const { store, engine } = await fetcherDevice(recordingFetch(sent, decoy));
    await engine.sync();
    expect(await contents(store)).toEqual(reference);
    const bogus = sent.filter((s) => s.next === 'bogus');
    expect(bogus.length).toBeGreaterThan(0);
    // Every real page was asked for once, and answered.
    const real = sent.filter((s) => s.next !== 'bogus');
    expect(new Set(real.map((s) => s.next)).size).toBe(real.length);
    expect(real.every((s) => s.outcome === 'answered')).toBe(true);
  });

  it('stops with the sync: aborted, the request sent ahead aborted too', async () => {
    const sent: Sent[] = [];
    const { engine } = await fetcherDevice(recordingFetch(sent));
    const controller = new AbortController();
    const stop = engine.onProgress((p) => {
      if (p.pages === 2) controller.abort();
    });
    const failure = await engine.sync({ signal: controller.signal }).catch((e: unknown) => e);
    stop();
    expect(failure).toMatchObject({ code: 'aborted' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent.some((s) => s.outcome === 'pending')).toBe(false);
  });
});

describe('the next page a body announces', () => {
  const bytes = (text: string) => new TextEncoder().encode(text).buffer;
  it('is found in the last bytes of a paged answer', () => {
    expect(nextHint(bytes('{"changes":{},"timestamp":1,"has_more":true,"next":"abc.123"}'))).toBe(
      'abc.123',
    );
    expect(nextHint(bytes('{"next": "t1", "has_more": true, "changes": {}}'))).toBe('t1');
  });
  it('is none on the last page, or when the bytes do not say', () => {
    expect(nextHint(bytes('{"changes":{},"timestamp":1,"has_more":false,"next":null}'))).toBeNull();
    expect(nextHint(bytes('{"changes":{},"timestamp":1}'))).toBeNull();
    expect(
      nextHint(bytes(`{"has_more":true,"next":"a","changes":{"x":"${'y'.repeat(700)}"}}`)),
    ).toBeNull();
    expect(nextHint(bytes('{"note":"\\"has_more\\":true,\\"next\\":\\"z\\""}'))).toBeNull();
  });
});

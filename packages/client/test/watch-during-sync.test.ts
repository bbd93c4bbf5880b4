import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDevice } from '../src/node.js';
import type { LocalStore, NodeDevice } from '../src/node.js';

// store.watch on the real store (Node driver) and the real sync engine
// against a real server: pulled pages are real committed changes.

const patients = 2_000;
const pageSize = 100; // 20 pages for a first sync

let server: TestServer;
const devices: NodeDevice[] = [];
const stops: (() => void)[] = [];

async function openDevice(options: { fetch?: typeof fetch } = {}): Promise<NodeDevice> {
  const device = await openNodeDevice({
    serverUrl: server.url,
    auth: { type: 'basic', email: server.admin.email, password: server.admin.password },
    pageSize,
    retry: { retries: 0 },
    ...options,
  });
  devices.push(device);
  return device;
}

/** Waiters resolved at the next call of `wake`. */
function signal() {
  const waiters: (() => void)[] = [];
  return {
    next: () => new Promise<void>((resolve) => waiters.push(resolve)),
    wake: () => waiters.splice(0).forEach((resolve) => resolve()),
  };
}

/** Counts the store's patients live, recording every read and every delivered result. */
function watchPatientCount(store: LocalStore) {
  let reads = 0;
  const results: number[] = [];
  const errors: unknown[] = [];
  const read = signal();
  const delivered = signal();
  const stop = store.watch(
    ['patients'],
    async (s) => {
      reads++;
      const n = await s.count('patients');
      read.wake();
      return n;
    },
    (n) => {
      results.push(n);
      delivered.wake();
    },
    (error) => errors.push(error),
  );
  stops.push(stop);
  return {
    results,
    errors,
    reads: () => reads,
    nextRead: read.next,
    /** Resolves once the last delivered result is `n`. */
    async until(n: number): Promise<void> {
      while (results.at(-1) !== n) await delivered.next();
    },
  };
}

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  const source = await openDevice();
  await source.store.transaction(async (tx) => {
    for (let i = 0; i < patients; i++) {
      await tx.create('patients', { given_name: `Patient${i}`, surname: 'Pulled' });
    }
  });
  await source.engine.sync();
});

afterEach(async () => {
  stops.splice(0).forEach((stop) => stop());
  await Promise.all(devices.splice(0).map((device) => device.close()));
});

afterAll(async () => {
  await server?.close();
});

describe('store.watch', () => {
  it('reads once more after a first sync of 20 pages, not once per page', async () => {
    const device = await openDevice();
    const watch = watchPatientCount(device.store);
    await watch.until(0);
    const report = await device.engine.sync();
    await watch.until(patients);
    expect(report.pages).toBeGreaterThanOrEqual(20);
    expect(watch.reads()).toBe(2);
    expect(watch.results).toEqual([0, patients]);
    expect(watch.errors).toEqual([]);
  });

  it('while no sync pulls, reads after each write and delivers only what differs', async () => {
    const device = await openDevice();
    const watch = watchPatientCount(device.store);
    await watch.until(0);
    const patient = await device.store.create('patients', { given_name: 'Amina' });
    await watch.until(1);
    const reread = watch.nextRead();
    await device.store.update('patients', patient.id, { surname: 'Haddad' });
    await reread; // same count: read, not delivered
    await device.store.create('patients', { given_name: 'Omar' });
    await watch.until(2);
    expect(watch.results).toEqual([0, 1, 2]);
    expect(watch.reads()).toBe(4);
  });

  it('hears a write made during a pull at once, and the pulled pages when the pull ends', async () => {
    let releasePage: () => void = () => undefined;
    const secondPage = new Promise<void>((resolve) => (releasePage = resolve));
    let pageRequests = 0;
    const device = await openDevice({
      fetch: async (input, init) => {
        if (String(input).includes('/api/v2/sync') && (init?.method ?? 'GET') === 'GET') {
          if (++pageRequests === 2) await secondPage;
        }
        return fetch(input, init);
      },
    });
    const firstPage = new Promise<void>((resolve) =>
      device.engine.onProgress((p) => p.pages >= 1 && resolve()),
    );
    const watch = watchPatientCount(device.store);
    await watch.until(0);
    const syncing = device.engine.sync();
    await firstPage; // applied and not heard; the second page waits for releasePage()
    expect(watch.reads()).toBe(1);

    await device.store.create('patients', { given_name: 'Written during the pull' });
    await watch.until(pageSize + 1); // the write is heard, and the read sees the first page too
    expect(watch.reads()).toBe(2);
    releasePage();
    await syncing;
    await watch.until(patients + 1);
    expect(watch.results).toEqual([0, pageSize + 1, patients + 1]);
    // The first read, the write, the end of the pull, and the push marking the
    // written patient synced (read, same count, not delivered).
    expect(watch.reads()).toBe(4);
  });

  it('hears the pages applied before a sync fails in the middle of its pull', async () => {
    let pageRequests = 0;
    const device = await openDevice({
      fetch: async (input, init) => {
        if (String(input).includes('/api/v2/sync') && ++pageRequests === 3) {
          throw new TypeError('fetch failed');
        }
        return fetch(input, init);
      },
    });
    const watch = watchPatientCount(device.store);
    await watch.until(0);
    await expect(device.engine.sync()).rejects.toMatchObject({ code: 'network' });
    await watch.until(2 * pageSize);
    expect(watch.results).toEqual([0, 2 * pageSize]);
    expect(watch.reads()).toBe(2);
  });

  it('observe follows one query the same way', async () => {
    const device = await openDevice();
    let reads = 0;
    const seen: number[] = [];
    const done = signal();
    stops.push(
      device.store.observe('patients', { where: { surname: 'Pulled' } }, (rows) => {
        reads++;
        seen.push(rows.length);
        done.wake();
      }),
    );
    while (seen.length === 0) await done.next();
    await device.engine.sync();
    while (seen.at(-1) !== patients) await done.next();
    expect(seen).toEqual([0, patients]);
    expect(reads).toBe(2);
  });
});

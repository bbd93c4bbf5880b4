import { openNodeDevice } from '@clinicsync/client/node';
import type { LocalStore, NodeDevice, SyncEngine, SyncReport } from '@clinicsync/client/node';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { watchLiveQuery } from './live-query.js';
import type { LiveQuery } from './live-query.js';
import type { PullActivity } from './pull-activity.js';

// The live query on the real store (Node driver) and the real sync engine
// against a real server: pulled pages are real committed changes.

const patients = 2_000;
const pageSize = 100; // 20 pages for a first sync

let server: TestServer;
const devices: NodeDevice[] = [];
const queries: LiveQuery[] = [];

function openDevice(options: { fetch?: typeof fetch } = {}): Promise<NodeDevice> {
  return openNodeDevice({
    serverUrl: server.url,
    auth: { type: 'basic', email: server.admin.email, password: server.admin.password },
    pageSize,
    retry: { retries: 0 },
    ...options,
  }).then((device) => {
    devices.push(device);
    return device;
  });
}

/** The pull activity of an engine, as the app's sync controller derives it. */
function pullActivity(engine: SyncEngine): PullActivity & { sync(): Promise<SyncReport> } {
  let phase: string | null = null;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  engine.onProgress((progress) => {
    phase = progress.phase;
    changed();
  });
  return {
    get pulling() {
      return engine.syncing && phase === 'pull';
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async sync() {
      try {
        return await engine.sync();
      } finally {
        phase = null;
        changed();
      }
    },
  };
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
function watchPatientCount(store: LocalStore, pulls?: PullActivity) {
  let reads = 0;
  const results: number[] = [];
  const errors: unknown[] = [];
  const read = signal();
  const delivered = signal();
  const query = watchLiveQuery({
    store,
    tables: ['patients'],
    read: async (s) => {
      reads++;
      const n = await s.count('patients');
      read.wake();
      return n;
    },
    ...(pulls ? { pulls } : {}),
    onResult: (n) => {
      results.push(n);
      delivered.wake();
    },
    onError: (error) => errors.push(error),
  });
  queries.push(query);
  return {
    query,
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
  queries.splice(0).forEach((query) => query.stop());
  await Promise.all(devices.splice(0).map((device) => device.close()));
});

afterAll(async () => {
  await server?.close();
});

describe('a live query', () => {
  it('reads once more after a first sync of 20 pages, not once per page', async () => {
    const device = await openDevice();
    const pulls = pullActivity(device.engine);
    const watch = watchPatientCount(device.store, pulls);
    await watch.until(0);
    const report = await pulls.sync();
    await watch.until(patients);
    expect(report.pages).toBeGreaterThanOrEqual(20);
    expect(watch.reads()).toBe(2);
    expect(watch.results).toEqual([0, patients]);
    expect(watch.errors).toEqual([]);
  });

  it('outside a sync, reads after each write and delivers only what differs', async () => {
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

  it('holds a write made during a pull until the pull is over; refresh() reads at once', async () => {
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
    const pulls = pullActivity(device.engine);
    const firstPage = new Promise<void>((resolve) =>
      device.engine.onProgress((p) => p.pages >= 1 && resolve()),
    );
    const watch = watchPatientCount(device.store, pulls);
    await watch.until(0);
    const syncing = pulls.sync();
    await firstPage; // applied; the second page waits for releasePage()
    expect(pulls.pulling).toBe(true);

    await device.store.create('patients', { given_name: 'Written during the pull' });
    expect(watch.reads()).toBe(1); // held: the pull is not over
    watch.query.refresh();
    await watch.until(pageSize + 1); // the first page and the write
    releasePage();
    await syncing;
    await watch.until(patients + 1);
    expect(watch.results).toEqual([0, pageSize + 1, patients + 1]);
  });

  it('reads held changes when a sync fails in the middle of its pull', async () => {
    let pageRequests = 0;
    const device = await openDevice({
      fetch: async (input, init) => {
        if (String(input).includes('/api/v2/sync') && ++pageRequests === 3) {
          throw new TypeError('fetch failed');
        }
        return fetch(input, init);
      },
    });
    const pulls = pullActivity(device.engine);
    const watch = watchPatientCount(device.store, pulls);
    await watch.until(0);
    await expect(pulls.sync()).rejects.toMatchObject({ code: 'network' });
    await watch.until(2 * pageSize);
    expect(watch.results).toEqual([0, 2 * pageSize]);
    expect(watch.reads()).toBe(2);
  });
});

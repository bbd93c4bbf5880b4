import type { SqlDriver, SqlStatement, SqlValue } from '../driver/sql-driver.js';
import { ClinicSyncError } from '../errors.js';
import type { PageStager, PulledPage } from '../sync/pulled-page.js';
import { openSharedAccess } from './shared-access.js';
import { workerCalls } from './worker-calls.js';
import type { WorkerCalls } from './worker-calls.js';
import type {
  DatabaseRequest,
  OpenResult,
  FetchRequest,
  WorkerRequest,
} from './worker-messages.js';

/**
 * A `SqlDriver` whose SQLite runs in a Web Worker, plus where it keeps the
 * data. It fetches and reads pulled pages in workers of its own (a fetch
 * worker and its page readers: PageStager), so that fetching and reading the
 * next pages and applying this one run side by side, and no page's body
 * reaches the page's thread.
 */
export interface WorkerDriver extends SqlDriver, PageStager {
  readonly storage: OpenResult;
}

// Distributive, so each request type keeps its own fields without `id`.
type RequestBody = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

interface DatabaseWorker {
  call(request: DatabaseRequest): Promise<unknown>;
  close(): Promise<void>;
}

const closedError = () => new ClinicSyncError('store_closed', 'The local database is closed.');

function startDatabaseWorker(): DatabaseWorker {
  const worker = new Worker(new URL('./sqlite-worker.js', import.meta.url), {
    type: 'module',
    name: 'clinicsync-sqlite',
  });
  const calls = workerCalls(worker, 'database worker');
  const post = (body: RequestBody, transfer?: Transferable[]) => calls.post(body, transfer);
  return {
    // A batch's packed rows move to the worker without a copy.
    call: (request) =>
      post(
        request,
        request.type === 'batch'
          ? request.statements.flatMap((s) => ('packed' in s ? [s.packed] : []))
          : [],
      ),
    async close() {
      const closing = post({ type: 'close' });
      // A call made from now on (a sync's page still arriving) would reach a
      // worker that is gone and never be answered, holding its locks forever.
      calls.fail(closedError());
      await closing.catch(() => undefined);
      worker.terminate();
    },
  };
}

/**
 * Page readers a tab runs. Two read side by side, but were no faster than
 * one on a two-core machine, where they compete with the database worker,
 * and the renderer peaked 90 MB higher (742 against 651 MB:
 * docs/performance.md).
 */
const pageReaders = 1;

/**
 * The page fetch worker and its page readers, started on the first page
 * asked of them.
 */
function pageFetcher(): PageStager & { close(): void } {
  let started: { workers: Worker[]; calls: WorkerCalls } | null = null;
  let closed = false;
  let pulls = 0;
  const start = () => {
    const fetcher = new Worker(new URL('./page-fetch-worker.js', import.meta.url), {
      type: 'module',
      name: 'clinicsync-page-fetch',
    });
    const readers: Worker[] = [];
    const ports: MessagePort[] = [];
    for (let i = 0; i < pageReaders; i++) {
      const reader = new Worker(new URL('./page-reader-worker.js', import.meta.url), {
        type: 'module',
        name: `clinicsync-page-reader-${i + 1}`,
      });
      const channel = new MessageChannel();
      reader.postMessage({ port: channel.port2 }, [channel.port2]);
      readers.push(reader);
      ports.push(channel.port1);
    }
    fetcher.postMessage({ type: 'readers', ports } satisfies FetchRequest, ports);
    const calls = workerCalls(fetcher, 'page fetch worker');
    const mine = { workers: [fetcher, ...readers], calls };
    // A worker that broke fails the pulls waiting on it (a reader's pages
    // would never be read); the next pull starts them all again.
    for (const worker of mine.workers) {
      worker.addEventListener('error', (event) => {
        calls.fail(new Error(`A page worker failed: ${event.message || 'could not start'}`));
        for (const each of mine.workers) each.terminate();
        if (started === mine) started = null;
      });
    }
    return mine;
  };
  return {
    async pullPage(request, signal) {
      if (closed) throw closedError();
      if (signal?.aborted) throw new ClinicSyncError('aborted', 'Sync was stopped.');
      started ??= start();
      const fetcher = started.workers[0]!;
      const pull = ++pulls;
      const abort = () => fetcher.postMessage({ type: 'abort', pull } satisfies FetchRequest);
      signal?.addEventListener('abort', abort, { once: true });
      try {
        const message: Omit<Extract<FetchRequest, { type: 'pull' }>, 'id'> = {
          type: 'pull',
          pull,
          request,
        };
        return (await started.calls.post(message)) as PulledPage;
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    },
    close() {
      closed = true;
      started?.calls.fail(closedError());
      for (const worker of started?.workers ?? []) worker.terminate();
    },
  };
}

/**
 * Opens `file` in SQLite WASM on OPFS (in memory, with `storage.warning`
 * saying so, where the browser has no OPFS). The database is one for every
 * tab of the origin: the worker of one tab holds it and the others' workers
 * send their calls there, so a second tab never works on a copy of its own;
 * when that tab closes, another takes the database over and calls still
 * unanswered are sent again (a batch is applied once). The driver's `shared`
 * makes the store and the engine write and sync one tab at a time, and
 * tells the other tabs' stores what changed.
 *
 * @example
 * const driver = await openWorkerDriver('clinicsync.sqlite3');
 * const store = await openStore(driver);
 */
export async function openWorkerDriver(file: string): Promise<WorkerDriver> {
  const worker = startDatabaseWorker();
  let storage: OpenResult;
  try {
    storage = (await worker.call({ type: 'open', file })) as OpenResult;
  } catch (error) {
    await worker.close();
    throw error;
  }
  const shared = openSharedAccess(file);
  const pages = pageFetcher();
  return {
    storage,
    ...(shared ? { shared } : {}),
    async query<Row extends object = Record<string, SqlValue>>(
      sql: string,
      params: readonly SqlValue[] = [],
    ): Promise<Row[]> {
      return (await worker.call({ type: 'query', file, sql, params })) as Row[];
    },
    async batch(statements: readonly SqlStatement[]): Promise<void> {
      await worker.call({ type: 'batch', file, key: crypto.randomUUID(), statements });
    },
    pullPage: (request, signal) => pages.pullPage(request, signal),
    async close(): Promise<void> {
      shared?.close();
      pages.close();
      await worker.close();
    },
  };
}

/**
 * Deletes the database `file` and its journal from this browser, whichever
 * tab holds the database; a tab still using it gets errors from then on,
 * never an empty database in its place. Resolves once it is gone.
 *
 * @example
 * await store.close();
 * await deleteWorkerDatabase('clinicsync.sqlite3');
 */
export async function deleteWorkerDatabase(file: string): Promise<void> {
  const worker = startDatabaseWorker();
  try {
    await worker.call({ type: 'delete', file });
  } finally {
    await worker.close();
  }
}

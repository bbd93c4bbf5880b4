import type { SqlDriver, SqlStatement, SqlValue } from '../driver/sql-driver.js';
import { ClinicSyncError } from '../errors.js';
import type { AnswerContext } from '../sync/http-client.js';
import type { PageStager, PulledPage } from '../sync/pulled-page.js';
import { openSharedAccess } from './shared-access.js';
import type {
  DatabaseRequest,
  OpenResult,
  WorkerRequest,
  WorkerResponse,
} from './worker-messages.js';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * A `SqlDriver` whose SQLite runs in a Web Worker, plus where it keeps the
 * data. It reads pulled pages in the worker too (PageStager).
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
  stage(body: ArrayBuffer, context: AnswerContext): Promise<unknown>;
  close(): Promise<void>;
}

function startWorker(): DatabaseWorker {
  const worker = new Worker(new URL('./sqlite-worker.js', import.meta.url), {
    type: 'module',
    name: 'clinicsync-sqlite',
  });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failure: Error | null = null;

  worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) => {
    const response = event.data;
    const waiter = pending.get(response.id);
    if (!waiter) return;
    pending.delete(response.id);
    if (response.ok) waiter.resolve(response.result);
    else if (response.code) {
      const details = response.details === undefined ? {} : { details: response.details };
      waiter.reject(new ClinicSyncError(response.code, response.error, details));
    } else waiter.reject(new Error(response.error));
  });
  const fail = (error: Error): void => {
    failure = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.addEventListener('error', (event) => {
    fail(new Error(`The database worker failed: ${event.message || 'could not start'}`));
  });

  const post = (body: RequestBody, transfer: Transferable[] = []): Promise<unknown> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...body, id }, transfer);
    });
  };
  return {
    call: (request) => post(request),
    // The page's bytes move to the worker without a copy.
    stage: (body, context) => post({ type: 'stage', body, context }, [body]),
    async close() {
      const closing = post({ type: 'close' });
      // A call made from now on (a sync's page still arriving) would reach a
      // worker that is gone and never be answered, holding its locks forever.
      failure ??= new ClinicSyncError('store_closed', 'The local database is closed.');
      await closing.catch(() => undefined);
      worker.terminate();
      fail(failure);
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
  const worker = startWorker();
  let storage: OpenResult;
  try {
    storage = (await worker.call({ type: 'open', file })) as OpenResult;
  } catch (error) {
    await worker.close();
    throw error;
  }
  const shared = openSharedAccess(file);
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
    async stagePage(body: ArrayBuffer, context: AnswerContext): Promise<PulledPage> {
      return (await worker.stage(body, context)) as PulledPage;
    },
    async close(): Promise<void> {
      shared?.close();
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
  const worker = startWorker();
  try {
    await worker.call({ type: 'delete', file });
  } finally {
    await worker.close();
  }
}

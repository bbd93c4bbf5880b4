import type { SqlDriver, SqlStatement, SqlValue } from '../driver/sql-driver.js';
import type { OpenResult, WorkerRequest, WorkerResponse } from './worker-messages.js';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** A `SqlDriver` whose SQLite runs in a Web Worker, plus where it keeps the data. */
export interface WorkerDriver extends SqlDriver {
  readonly storage: OpenResult;
}

// Distributive, so each request type keeps its own fields without `id`.
type RequestBody = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

/**
 * Starts the database worker and opens `file` in it (on OPFS when the browser
 * allows, else in memory with `storage.warning` saying so). Each driver call
 * is one message; the worker answers them in order.
 *
 * @example
 * const driver = await openWorkerDriver('clinicsync.sqlite3');
 * const store = await openStore(driver);
 */
export async function openWorkerDriver(file: string): Promise<WorkerDriver> {
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
    else waiter.reject(new Error(response.error));
  });
  worker.addEventListener('error', (event) => {
    failure = new Error(`The database worker failed: ${event.message || 'could not start'}`);
    for (const waiter of pending.values()) waiter.reject(failure);
    pending.clear();
  });

  const call = (body: RequestBody): Promise<unknown> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...body, id });
    });
  };

  const storage = (await call({ type: 'open', file })) as OpenResult;
  return {
    storage,
    async query<Row extends object = Record<string, SqlValue>>(
      sql: string,
      params: readonly SqlValue[] = [],
    ): Promise<Row[]> {
      return (await call({ type: 'query', sql, params })) as Row[];
    },
    async batch(statements: readonly SqlStatement[]): Promise<void> {
      await call({ type: 'batch', statements });
    },
    async close(): Promise<void> {
      await call({ type: 'close' });
      worker.terminate();
    },
  };
}

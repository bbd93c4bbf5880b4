import { ClinicSyncError } from '../errors.js';
import type { WorkerResponse } from './worker-messages.js';

/** What calls are posted to and answered on: a Worker, or one end of a MessageChannel. */
export type Endpoint = Pick<Worker, 'postMessage' | 'addEventListener'>;

/**
 * Calls on one Web Worker (or a port to one), each answered by a
 * `WorkerResponse` with its id.
 * Once `fail` is called (the worker broke, or is closing) every call still
 * waiting is rejected and every later call fails at once: a call posted to
 * a worker that is gone would never be answered, and whoever waits on it
 * (a sync holding its Web Lock) would wait forever.
 */
export interface WorkerCalls {
  post(message: object, transfer?: Transferable[]): Promise<unknown>;
  fail(error: Error): void;
}

export function workerCalls(worker: Endpoint, name: string): WorkerCalls {
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  let nextId = 1;
  let failure: Error | null = null;

  worker.addEventListener('message', (event: MessageEvent) => {
    const response = event.data as WorkerResponse;
    const waiter = pending.get(response.id);
    if (!waiter) return;
    pending.delete(response.id);
    if (response.ok) waiter.resolve(response.result);
    else if (response.code) {
      waiter.reject(
        new ClinicSyncError(response.code, response.error, {
          ...(response.details === undefined ? {} : { details: response.details }),
          ...(response.status === undefined ? {} : { status: response.status }),
        }),
      );
    } else waiter.reject(new Error(response.error));
  });
  const fail = (error: Error): void => {
    failure ??= error;
    for (const waiter of pending.values()) waiter.reject(failure);
    pending.clear();
  };
  worker.addEventListener('error', (event) => {
    fail(new Error(`The ${name} failed: ${event.message || 'could not start'}`));
  });

  return {
    post(message, transfer = []) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ ...message, id }, transfer);
      });
    },
    fail,
  };
}

/**
 * The worker's side: runs `work` and posts its answer for `id` to `to`, a
 * ClinicSyncError's code, details and status with it so the page rethrows the same.
 */
export async function answer(
  to: Pick<MessagePort, 'postMessage'>,
  id: number,
  work: () => unknown,
  transferOf: (result: unknown) => Transferable[] = () => [],
): Promise<void> {
  let response: WorkerResponse;
  let transfer: Transferable[] = [];
  try {
    const result = await work();
    response = { id, ok: true, result };
    transfer = transferOf(result);
  } catch (error) {
    response = {
      id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      ...(error instanceof ClinicSyncError
        ? {
            code: error.code,
            details: error.details,
            ...(error.status === undefined ? {} : { status: error.status }),
          }
        : {}),
    };
  }
  try {
    to.postMessage(response, transfer);
  } catch (error) {
    // An answer that cannot be sent (not cloneable) must still be answered:
    // the caller would wait on it forever.
    to.postMessage({
      id,
      ok: false,
      error: `The answer could not be sent: ${error instanceof Error ? error.message : String(error)}`,
    } satisfies WorkerResponse);
  }
}

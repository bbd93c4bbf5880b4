// The database worker of one tab: answers its page's driver calls one at a
// time, running them on the database whichever tab's worker holds it
// (database-link.ts), so the page never blocks on the database.
import { ClinicSyncError } from '../errors.js';
import { DatabaseLink } from './database-link.js';
import { StagedPages } from './staged-pages.js';
import type { DatabaseRequest, WorkerRequest, WorkerResponse } from './worker-messages.js';

const link = new DatabaseLink();
const staged = new StagedPages();

function reply(response: WorkerResponse): void {
  self.postMessage(response);
}

function handle(message: WorkerRequest): Promise<unknown> {
  if (message.type === 'close') return link.close().then(() => null);
  if (message.type === 'stage') return Promise.resolve(staged.stage(message.body, message.context));
  // The page's id pairs the answer here; the request travels without it.
  const request: DatabaseRequest & { id?: number } =
    message.type === 'batch'
      ? { ...message, statements: staged.resolve(message.statements) }
      : { ...message };
  delete request.id;
  return link.call(request);
}

// Requests are answered strictly in order: an `open` that waits must not let
// a later query run first.
let queue: Promise<void> = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  queue = queue.then(async () => {
    try {
      reply({ id: request.id, ok: true, result: await handle(request) });
    } catch (error) {
      reply({
        id: request.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
        ...(error instanceof ClinicSyncError ? { code: error.code, details: error.details } : {}),
      });
    }
  });
});

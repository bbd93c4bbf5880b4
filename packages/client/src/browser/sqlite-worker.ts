// The database worker of one tab: answers its page's driver calls one at a
// time, running them on the database whichever tab's worker holds it
// (database-link.ts), so the page never blocks on the database.
import { DatabaseLink } from './database-link.js';
import { answer } from './worker-calls.js';
import type { DatabaseRequest, WorkerRequest } from './worker-messages.js';

const link = new DatabaseLink();

function handle(message: WorkerRequest): Promise<unknown> {
  if (message.type === 'close') return link.close().then(() => null);
  // The page's id pairs the answer here; the request travels without it.
  const request: DatabaseRequest & { id?: number } = { ...message };
  delete request.id;
  return link.call(request);
}

// Requests are answered strictly in order: an `open` that waits must not let
// a later query run first.
let queue: Promise<void> = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  queue = queue.then(() => answer(self, request.id, () => handle(request)));
});

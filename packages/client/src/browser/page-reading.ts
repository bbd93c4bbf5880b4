import type { RawAnswer } from '../sync/http-client.js';
import type { PulledPage } from '../sync/pulled-page.js';
import { workerCalls } from './worker-calls.js';
import type { Endpoint, WorkerCalls } from './worker-calls.js';
import type { ReadRequest } from './worker-messages.js';

/** The packed rows of a read page: what moves between workers without a copy. */
export function packedBuffers(page: unknown): Transferable[] {
  return (page as PulledPage).tables.flatMap((table) =>
    'packed' in table.upserts ? [table.upserts.packed] : [],
  );
}

/**
 * The page readers a fetch worker hands pages to, each page to the reader
 * with the fewest pages still to read (the web app runs one: see
 * worker-driver.ts).
 */
export class ReaderPool {
  private readonly readers: { calls: WorkerCalls; reading: number }[];

  constructor(ports: readonly Endpoint[]) {
    this.readers = ports.map((port, i) => ({
      calls: workerCalls(port, `page reader ${i + 1}`),
      reading: 0,
    }));
  }

  async read(answer: RawAnswer): Promise<PulledPage> {
    const reader = this.readers.reduce((a, b) => (b.reading < a.reading ? b : a));
    reader.reading += 1;
    try {
      const request: Omit<ReadRequest, 'id'> = { body: answer.body, context: answer.context };
      // The body moves to the reader without a copy.
      return (await reader.calls.post(request, [answer.body])) as PulledPage;
    } finally {
      reader.reading -= 1;
    }
  }
}

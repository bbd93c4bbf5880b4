// A tab's page fetch worker: sends the pull's requests, a page or two ahead
// of the sync (PageFetcher), and has the page readers it is given read them
// while the database worker applies the page before. No page's body reaches
// the page's thread.
import { platformFetch } from '../sync/http-client.js';
import { PageFetcher } from './page-fetcher.js';
import { ReaderPool, packedBuffers } from './page-reading.js';
import { answer } from './worker-calls.js';
import type { FetchRequest } from './worker-messages.js';

let fetcher: PageFetcher | null = null;
const pulls = new Map<number, AbortController>();

self.addEventListener('message', (event: MessageEvent<FetchRequest>) => {
  const message = event.data;
  switch (message.type) {
    case 'readers': {
      for (const port of message.ports) port.start();
      const pool = new ReaderPool(message.ports);
      fetcher = new PageFetcher(platformFetch, (raw) => pool.read(raw));
      return;
    }
    case 'abort':
      pulls.get(message.pull)?.abort();
      return;
    case 'pull': {
      const controller = new AbortController();
      pulls.set(message.pull, controller);
      void answer(
        self,
        message.id,
        () => {
          if (!fetcher) throw new Error('The page fetch worker was given no readers.');
          return fetcher.pull(message.request, controller.signal);
        },
        packedBuffers,
      ).finally(() => pulls.delete(message.pull));
    }
  }
});

// A tab's page reader: decodes, parses, checks and packs the pulled
// pages the page fetch worker sends it on its port (readPackedPage), and
// hands the packed rows back without a copy. Holds nothing between pages.
import { readPackedPage } from '../sync/pulled-page.js';
import { answer } from './worker-calls.js';
import type { ReadRequest } from './worker-messages.js';
import { packedBuffers } from './page-reading.js';

self.addEventListener('message', (event: MessageEvent<{ port: MessagePort }>) => {
  const { port } = event.data;
  port.addEventListener('message', (message: MessageEvent<ReadRequest>) => {
    const { id, body, context } = message.data;
    void answer(port, id, () => readPackedPage(body, context), packedBuffers);
  });
  port.start();
});

import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardRequest } from './forward-request.js';

interface Recorded {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** The page a first sync's pull request asks for, by its `next`; null for any other request. */
function firstSyncPage(method: string | undefined, url: string | undefined): string | null {
  if (method !== 'GET' || !url) return null;
  const parsed = new URL(url, 'http://proxy');
  if (parsed.pathname !== '/api/v2/sync' || parsed.searchParams.get('last_pulled_at') !== '0') {
    return null;
  }
  return parsed.searchParams.get('next') ?? '';
}

/**
 * An HTTP proxy in front of the server that records the pages of a first
 * sync as the server sent them (compressed bytes and headers, by `next`)
 * and, once `replay` is on, answers those requests from the recording
 * without asking the server. Every other request goes through.
 *
 * Why: this machine has two cores. With the server, PostgreSQL and the
 * browser on them at once, a live first sync measures their sum; answered
 * from memory it measures the browser alone, as on a device whose server
 * is elsewhere.
 */
export async function startReplayProxy(target: string): Promise<{
  url: string;
  /** Pages recorded so far. */
  readonly pages: number;
  replay: boolean;
  close(): Promise<void>;
}> {
  const to = new URL(target);
  const recorded = new Map<string, Recorded>();
  const state = { replay: false };
  const server = createServer((req, res) => {
    const page = firstSyncPage(req.method, req.url);
    const known = page === null ? undefined : recorded.get(page);
    if (state.replay && known) {
      res.writeHead(known.status, known.headers);
      res.end(known.body);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    forwardRequest(req, res, to, {
      chunk(chunk) {
        if (page !== null) chunks.push(chunk);
      },
      end(answer) {
        if (page === null || answer.statusCode !== 200) return;
        recorded.set(page, { status: 200, headers: answer.headers, body: Buffer.concat(chunks) });
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get pages() {
      return recorded.size;
    },
    get replay() {
      return state.replay;
    },
    set replay(on: boolean) {
      state.replay = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { sendRequest } from '../sync/http-client.js';
import type { PreparedRequest, RawAnswer } from '../sync/http-client.js';
import type { PulledPage } from '../sync/pulled-page.js';

/** Where a page's `next` is looked for: a paged answer closes with `"has_more":true,"next":"…"}`. */
const tailBytes = 600;

/**
 * The `next` a page's last bytes announce, before the page is parsed; null
 * when they announce none (the last page, or a server that orders its
 * answer otherwise). Only a hint: the parsed page decides.
 */
export function nextHint(body: ArrayBuffer): string | null {
  const tail = new TextDecoder().decode(
    new Uint8Array(body, Math.max(0, body.byteLength - tailBytes)),
  );
  if (!/"has_more"\s*:\s*true/.test(tail)) return null;
  return /"next"\s*:\s*"([^"\\]+)"\s*[,}]/.exec(tail)?.[1] ?? null;
}

const keyOf = (request: PreparedRequest) =>
  JSON.stringify([new URL(request.url).href, request.method, request.headers]);

/** A page asked for before the engine asked: its request, and the page once read. */
interface Ahead {
  readonly key: string;
  readonly request: PreparedRequest;
  readonly controller: AbortController;
  readonly page: Promise<PulledPage>;
  /** The next page its bytes announce; undefined until they arrive. */
  hint: string | null | undefined;
}

/**
 * Fetches and reads pulled pages ahead of what it is asked for.
 *
 * A page's `next` is only known once the page arrives, so a pull is a chain
 * of requests, and reading a page (decoding, parsing, packing: longer than
 * the server takes to answer the next) must not be a link of it. So as soon
 * as a page's bytes arrive, the request for the page its last bytes announce
 * is sent, and its bytes are read by `read` (in a browser, one of several
 * reader workers) while the chain goes on, up to `depth` pages beyond the one
 * asked for. A page asked for (same URL, same headers) is answered from the
 * chain; each page read confirms the hint it was fetched on, or the chain
 * after it is dropped and asked for again.
 */
export class PageFetcher {
  private chain: Ahead[] = [];

  constructor(
    private readonly fetchFn: typeof fetch,
    private readonly read: (answer: RawAnswer) => Promise<PulledPage>,
    private readonly depth = 2,
  ) {}

  /** The page `request` asks for; errors those of sendRequest and readPulledPage. */
  async pull(request: PreparedRequest, signal: AbortSignal): Promise<PulledPage> {
    let first = this.chain[0];
    if (first?.key !== keyOf(request)) {
      this.drop();
      first = this.start(request);
      this.chain.push(first);
    }
    const abort = () => this.drop();
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    try {
      return await first.page;
    } finally {
      signal.removeEventListener('abort', abort);
      // Answered or failed, it leaves the chain (a retry asks for it afresh).
      if (this.chain[0] === first) this.chain.shift();
      this.extend();
    }
  }

  /** Forgets every page fetched ahead (the pull stopped). */
  drop(): void {
    for (const ahead of this.chain) ahead.controller.abort();
    this.chain = [];
  }

  private start(request: PreparedRequest): Ahead {
    const controller = new AbortController();
    const ahead: Ahead = {
      key: keyOf(request),
      request,
      controller,
      hint: undefined,
      page: sendRequest(this.fetchFn, request, controller.signal).then(async (answer) => {
        ahead.hint = nextHint(answer.body);
        this.extend();
        const page = await this.read(answer).catch((error: unknown) => {
          this.dropAfter(ahead);
          throw error;
        });
        if (page.next !== ahead.hint) this.dropAfter(ahead);
        return page;
      }),
    };
    // A page fetched ahead may never be asked for: not an unhandled rejection.
    ahead.page.catch(() => undefined);
    return ahead;
  }

  /**
   * Sends the request the chain's last page announces, while the chain
   * holds no more than the page asked for and `depth` beyond it.
   */
  private extend(): void {
    const last = this.chain.at(-1);
    if (this.chain.length > this.depth || !last?.hint) return;
    const url = new URL(last.request.url);
    url.searchParams.set('next', last.hint);
    this.chain.push(
      this.start({
        ...last.request,
        url: url.href,
        path: `${last.request.path.split('?')[0]}${url.search}`,
      }),
    );
  }

  /** Drops what was fetched on the hint of `ahead`, which its page did not confirm. */
  private dropAfter(ahead: Ahead): void {
    const at = this.chain.indexOf(ahead);
    const dropped = at < 0 ? this.chain : this.chain.slice(at + 1);
    for (const later of dropped) later.controller.abort();
    this.chain = at < 0 ? [] : this.chain.slice(0, at + 1);
  }
}

import type { Exchange } from './throttling-proxy.js';

/** What the requests of one paged pull through the proxy show. */
export interface PullFigures {
  /** Pull requests sent (`GET /api/v2/sync`). */
  readonly pageRequests: number;
  /** Pages of the pull: distinct pages asked for (by `last_pulled_at` and `next`). */
  readonly pages: number;
  /** Requests for a page asked for before: `pageRequests - pages`. */
  readonly refetched: number;
  /** Pull answers the proxy cut. */
  readonly cutPages: number;
  /** Pages that reached the device whole more than once: a resume that went back. */
  readonly wholeTwice: number;
  /** Bytes of cut answers that reached the device, sent again whole by a later request. */
  readonly cutBytes: number;
}

/** The page an exchange asked for, or null when it is not a pull. */
function pageOf(exchange: Exchange): string | null {
  const url = new URL(exchange.path, 'http://proxy');
  if (exchange.method !== 'GET' || url.pathname !== '/api/v2/sync') return null;
  return `${url.searchParams.get('last_pulled_at') ?? ''} ${url.searchParams.get('next') ?? ''}`;
}

/**
 * The figures of a pull from the proxy's exchanges. A device that resumes
 * from its last applied page asks again only for pages that were cut:
 * `refetched` equals `cutPages` and `wholeTwice` is 0.
 */
export function pullFigures(exchanges: readonly Exchange[]): PullFigures {
  const requests = new Map<string, number>();
  const whole = new Map<string, number>();
  let pageRequests = 0;
  let cutPages = 0;
  let cutBytes = 0;
  for (const exchange of exchanges) {
    const page = pageOf(exchange);
    if (page === null) continue;
    pageRequests++;
    requests.set(page, (requests.get(page) ?? 0) + 1);
    if (exchange.complete) whole.set(page, (whole.get(page) ?? 0) + 1);
    if (exchange.cut) {
      cutPages++;
      cutBytes += exchange.deliveredBytes;
    }
  }
  return {
    pageRequests,
    pages: requests.size,
    refetched: pageRequests - requests.size,
    cutPages,
    wholeTwice: [...whole.values()].filter((n) => n > 1).length,
    cutBytes,
  };
}

import type { PullCounts } from './read-changes.js';

/** One page's answer to a paged pull, as sent, and what the sync log records of it. */
export interface PageAnswer {
  readonly body: Buffer;
  readonly timestamp: number;
  readonly counts: PullCounts;
  /** The token of the page after it; null on the last. */
  readonly next: string | null;
}

/**
 * How many pages may be held read ahead at once, server-wide, and for how
 * long one waits for its device before it is dropped.
 */
export interface ReadAheadLimits {
  readonly maxPages: number;
  readonly ttlMs: number;
}

/** Pages run to about 4 MiB of JSON (PageBudget): four keep the server's memory in bounds. */
export const defaultReadAheadLimits: ReadAheadLimits = { maxPages: 4, ttlMs: 30_000 };

interface Held {
  readonly page: Promise<PageAnswer | null>;
  readonly timer: NodeJS.Timeout;
}

/**
 * The next page of each paged pull, read while its device receives and
 * applies the current one, so PostgreSQL's work on a page overlaps the
 * sending of the last. Each page is answered at most once, only to the user
 * whose pull it belongs to (the key says whose), and is dropped when unclaimed
 * after `ttlMs`. A read that fails is forgotten: the device's request reads
 * the page itself and meets the error there.
 */
export class PageReadAhead {
  private readonly held = new Map<string, Held>();
  private readonly reading = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly limits: ReadAheadLimits = defaultReadAheadLimits) {}

  /** The page read ahead under `key`, taken out; undefined when there is none. */
  take(key: string): Promise<PageAnswer | null> | undefined {
    const entry = this.held.get(key);
    if (!entry) return undefined;
    this.held.delete(key);
    clearTimeout(entry.timer);
    return entry.page;
  }

  /** Starts reading the page under `key`, unless as many pages as allowed are held. */
  start(key: string, read: () => Promise<PageAnswer>): void {
    if (this.closed || this.held.size >= this.limits.maxPages || this.held.has(key)) return;
    const page = read().catch(() => null);
    this.reading.add(page);
    void page.finally(() => this.reading.delete(page));
    const timer = setTimeout(() => this.held.delete(key), this.limits.ttlMs);
    timer.unref();
    this.held.set(key, { page, timer });
  }

  /** Starts no more reads, drops what is held, and resolves once reads under way are done. */
  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.held.values()) clearTimeout(entry.timer);
    this.held.clear();
    await Promise.all(this.reading);
  }
}

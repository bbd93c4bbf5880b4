/** The fewest rows a page is shrunk to: below this, each request's own cost dominates. */
export const smallestPage = 250;

/**
 * Chooses each page's `limit` from how long the pages before it took to
 * arrive, aiming at `targetSeconds` a page. On a 256 kbit/s link a page of
 * 5,000 records takes 8–15 s: progress stood still for that long, and a cut
 * connection lost the part received. Pages shrink there (never below
 * `smallestPage`) and grow back, at most doubling, when the link allows,
 * never above `largest` (the caller's page size). A target of 0 keeps every
 * page at `largest`.
 */
export class PageSizer {
  private current: number;

  constructor(
    private readonly largest: number,
    private readonly targetSeconds: number,
  ) {
    this.current = largest;
  }

  /** The limit to ask the next page with. */
  get limit(): number {
    return this.current;
  }

  /**
   * A page of `records` asked with `limit` arrived in `seconds`; `last` when
   * it ended the pull. The last page says nothing of the link (it holds
   * whatever was left). A page the server cut short by its size in bytes
   * does: its records per second are what this link carries of that table.
   */
  observe(records: number, limit: number, seconds: number, last: boolean): void {
    if (this.targetSeconds <= 0 || last || records <= 0 || seconds <= 0) return;
    const fitting = Math.round((records / seconds) * this.targetSeconds);
    const floor = Math.min(smallestPage, this.largest);
    this.current = Math.max(floor, Math.min(this.largest, limit * 2, fitting));
  }
}

/**
 * About how many bytes of JSON one page of a paged pull may hold. Five
 * thousand events with their form data are 12 MB, and the server holds a
 * page several times over while it builds, encodes and compresses it (and
 * the next, read ahead): with this budget the server's peak RSS in a first
 * sync at M fell from 364–385 MB to 294–311 MB, and the device's from
 * 269–306 to 248–254 MB (docs/performance.md, "Pages bounded in bytes").
 * Small records still come 5,000 to a page.
 */
export const defaultPageBytes = 4 * 1024 * 1024;

/** Assumed of a table not seen yet: large, so a first page of it errs short, not long. */
const unseenRowBytes = 4096;

/**
 * Chooses how many rows of a table a page asks for so that the page stays
 * near `bytes`, from the mean size of that table's records in the pages
 * read before (learned per server process; tables differ tenfold, rows of
 * one table little). The bound is soft: a page's rows may run larger than
 * the mean, and a page always holds at least one record, so a pull always
 * moves forward.
 */
export class PageBudget {
  private readonly rowBytes = new Map<string, number>();

  constructor(readonly bytes: number = defaultPageBytes) {
    if (!(bytes > 0)) throw new RangeError('A page budget must be a positive number of bytes.');
  }

  /** Rows of `table` to ask for, with `left` bytes of the page unspent and at most `rows` allowed. */
  rowsFor(table: string, left: number, rows: number): number {
    const mean = this.rowBytes.get(table) ?? unseenRowBytes;
    return Math.max(1, Math.min(rows, Math.floor(left / mean)));
  }

  /** A page read `rows` records of `table` in `bytes` of JSON. */
  observe(table: string, rows: number, bytes: number): void {
    if (rows <= 0) return;
    const seen = bytes / rows;
    const before = this.rowBytes.get(table);
    // Half the last page, half what came before: follows a change in the
    // data within a few pages, without one odd page swinging it.
    this.rowBytes.set(table, before === undefined ? seen : (before + seen) / 2);
  }
}

/**
 * Serialises writers: app transactions, the apply of a pulled page and
 * mark-as-synced. A page's merge reads local rows and then writes, and a
 * push compares rows with its snapshot; an app write slipping in between
 * would be lost or wrongly marked synced. Reads never wait. On a database
 * shared with other processes (browser tabs), their writers are held off too.
 */
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  /** `across`: the lock shared with other processes writing the same database, taken inside this one. */
  constructor(private readonly across?: <T>(work: () => Promise<T>) => Promise<T>) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    const across = this.across;
    const result = this.tail.then(across ? () => across(work) : work);
    // The next writer waits for this one to settle, whether it failed or not.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

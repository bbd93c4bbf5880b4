/**
 * Serialises writers: app transactions, the apply of a pulled page and
 * mark-as-synced. A page's merge reads local rows and then writes, and a
 * push compares rows with its snapshot; an app write slipping in between
 * would be lost or wrongly marked synced. Reads never wait.
 */
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    // The next writer waits for this one to settle, whether it failed or not.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

import { AppError } from '../../errors.js';

/** How many full pulls (first syncs, `last_pulled_at` absent or 0) one user may make. */
export interface FullPullLimit {
  /** Full pulls of one user in progress at once. */
  readonly atOnce: number;
  /** Full pulls one user may start within `windowMs`. */
  readonly perWindow: number;
  readonly windowMs: number;
}

/** What a refusal for a full pull already in progress asks the device to wait. */
const busyRetryAfterSeconds = 10;

/**
 * Per-user limits on full pulls, the most expensive call there is (a
 * download of the user's whole scope), so one account cannot keep the
 * server busy with whole-database downloads. A paged full pull counts once:
 * its first page (no `next`) is the start, later pages are free. Counts are
 * kept in this process, like the sign-in limits; with several server
 * processes each allows as much.
 *
 * @example
 * const release = limiter.begin(user.id); // 429 when over the limit
 * try { await streamThePull(); } finally { release(); }
 */
export class FullPullLimiter {
  private readonly running = new Map<string, number>();
  /** Start times within the window, oldest first, per user. */
  private readonly starts = new Map<string, number[]>();

  constructor(private readonly limit: FullPullLimit) {}

  /**
   * Counts a full pull of `userId` as started and in progress until the
   * returned function is called (once).
   * @throws AppError `too_many_requests` with `retryAfterSeconds`: too many
   * at once (a few seconds), or too many started in the window (until the
   * oldest leaves it).
   */
  begin(userId: string, now = Date.now()): () => void {
    const running = this.running.get(userId) ?? 0;
    if (running >= this.limit.atOnce) {
      throw new AppError(
        'too_many_requests',
        `A full download for this user is already in progress (${this.limit.atOnce} at once at most); wait and try again.`,
        { retryAfterSeconds: busyRetryAfterSeconds },
      );
    }
    const starts = (this.starts.get(userId) ?? []).filter((at) => at > now - this.limit.windowMs);
    if (starts.length >= this.limit.perWindow) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((starts[0]! + this.limit.windowMs - now) / 1000),
      );
      this.starts.set(userId, starts);
      throw new AppError(
        'too_many_requests',
        `Too many full downloads for this user (${this.limit.perWindow} per ${Math.round(this.limit.windowMs / 60_000)} minutes); wait and try again.`,
        { retryAfterSeconds },
      );
    }
    starts.push(now);
    this.starts.set(userId, starts);
    this.running.set(userId, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(userId) ?? 1) - 1;
      if (left > 0) this.running.set(userId, left);
      else this.running.delete(userId);
    };
  }
}

import { AppError } from '../errors.js';

export interface FailureLimit {
  /** Failed attempts allowed per key within the window. */
  readonly max: number;
  readonly windowMs: number;
}

/** Keys remembered at most; past it the oldest are forgotten first (a flood of made-up emails). */
const maxKeys = 100_000;

/**
 * Counts failed authentications per key (a client address, or an account's
 * email) and refuses that key with 429 once it passes the limit, so
 * passwords cannot be guessed at speed. Successful requests are not counted.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();
  private nextSweep = 0;

  constructor(private readonly limit: FailureLimit) {}

  /** Throws 429 (with `retryAfterSeconds`) if `key` is over its limit. */
  check(key: string, now = Date.now()): void {
    const entry = this.failures.get(key);
    if (!entry || entry.resetAt <= now || entry.count < this.limit.max) return;
    const retryAfter = Math.ceil((entry.resetAt - now) / 1000);
    throw new AppError(
      'too_many_requests',
      'Too many failed sign-in attempts; wait and try again.',
      {
        retryAfterSeconds: retryAfter,
      },
    );
  }

  recordFailure(key: string, now = Date.now()): void {
    const entry = this.failures.get(key);
    if (!entry || entry.resetAt <= now) {
      this.failures.delete(key);
      this.failures.set(key, { count: 1, resetAt: now + this.limit.windowMs });
    } else {
      entry.count++;
    }
    // Bound memory under a flood of keys: forget expired entries (a scan at
    // most once a second), then the oldest (the map keeps insertion order).
    if (this.failures.size > 10_000 && now >= this.nextSweep) {
      this.nextSweep = now + 1000;
      for (const [k, v] of this.failures) if (v.resetAt <= now) this.failures.delete(k);
    }
    for (const k of this.failures.keys()) {
      if (this.failures.size <= maxKeys) break;
      this.failures.delete(k);
    }
  }
}

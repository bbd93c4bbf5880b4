import { AppError } from '../errors.js';

export interface FailureLimit {
  /** Failed attempts allowed per key within the window. */
  readonly max: number;
  readonly windowMs: number;
}

/**
 * Counts failed authentications per client address and refuses that address
 * with 429 once it passes the limit, so passwords cannot be guessed at speed.
 * Successful requests are not counted.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly limit: FailureLimit) {}

  /** Throws 429 if `key` is over its limit. */
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
      this.failures.set(key, { count: 1, resetAt: now + this.limit.windowMs });
    } else {
      entry.count++;
    }
    // Bound memory under a flood of addresses: forget expired entries.
    if (this.failures.size > 10_000) {
      for (const [k, v] of this.failures) if (v.resetAt <= now) this.failures.delete(k);
    }
  }
}

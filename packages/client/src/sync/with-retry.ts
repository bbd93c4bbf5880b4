import { ClinicSyncError } from '../errors.js';
import type { RetryOptions } from './sync-types.js';

export type RetryPolicy = Required<RetryOptions>;

export const defaultRetry: RetryPolicy = {
  retries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ClinicSyncError('aborted', 'Sync was stopped.'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ClinicSyncError('aborted', 'Sync was stopped.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function retryAfterOf(error: ClinicSyncError): number | undefined {
  const value = (error.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof value === 'number' ? value : undefined;
}

/**
 * Runs `work` and retries it on transient failures (network errors, 5xx,
 * 429) with exponential back-off and full jitter, so devices that lost the
 * server together do not return together. A 429's `Retry-After` is waited
 * out as given. Other errors (401, 403, 400, …) are thrown at once: retrying
 * cannot fix them. Every request retried here is safe to repeat: a pull
 * page is read-only and a replayed push changes nothing on the server.
 */
export async function withRetry<T>(
  work: () => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ClinicSyncError) || !error.transient || attempt >= policy.retries)
        throw error;
      const retryAfter = error.code === 'too_many_requests' ? retryAfterOf(error) : undefined;
      if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
      await sleep(retryAfter ?? Math.random() * ceiling, signal);
    }
  }
}

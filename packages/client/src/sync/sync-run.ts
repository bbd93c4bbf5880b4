import type { StoreInternals } from '../store/store-internals.js';
import type { HttpClient } from './http-client.js';
import type { SyncProgress } from './sync-types.js';
import type { RetryPolicy } from './with-retry.js';

/** Everything one sync needs, passed from step to step. */
export interface SyncRun {
  readonly store: StoreInternals;
  readonly client: HttpClient;
  /** The largest page, in rows. */
  readonly pageSize: number;
  /** How long a page should take to arrive; pages shrink on a slow link (0: never). */
  readonly pageSeconds: number;
  readonly maxPushBytes: number;
  readonly retry: RetryPolicy;
  readonly signal: AbortSignal | undefined;
  /** Merges `patch` into the current progress and tells the listeners. */
  readonly progress: (patch: Partial<SyncProgress>) => void;
}

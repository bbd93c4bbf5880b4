import type { FastifyRequest } from 'fastify';
import type { Authenticator } from './auth/authenticate.js';
import type { FailureLimiter } from './auth/failure-limiter.js';
import type { AuthUser } from './auth/users.js';
import type { Database } from './db/database.js';
import type { FullPullLimiter } from './sync/pull/full-pull-limiter.js';
import type { PageBudget } from './sync/pull/page-budget.js';
import type { PageReadAhead } from './sync/pull/page-read-ahead.js';
import type { ConflictMode } from './sync/write/write-changes.js';

/** What every route module is given: the database, auth and the server's settings. */
export interface ServerContext {
  readonly db: Database;
  /** A read replica pulls are answered from when it has caught up (DATABASE_READ_URL); null for none. */
  readonly readDb: Database | null;
  readonly auth: Authenticator;
  readonly failures: FailureLimiter;
  readonly conflictMode: ConflictMode;
  readonly tokenTtlMs: number;
  readonly signInRateLimit: { max: number; timeWindow: number };
  /** Per-user limits on full pulls; null for none. */
  readonly fullPulls: FullPullLimiter | null;
  /** The next pages of paged pulls, read ahead; null where that gains nothing (PGlite). */
  readonly readAhead: PageReadAhead | null;
  /** About how many bytes a page of a paged pull holds, and each table's mean record size. */
  readonly pageBudget: PageBudget;
  /** The signed-in user; Basic credentials only where `allowBasic` (the sync endpoint). */
  requireUser(request: FastifyRequest, options?: { allowBasic?: boolean }): Promise<AuthUser>;
  /** The signed-in administrator (super_admin or admin), else 401/403. */
  requireAdmin(request: FastifyRequest): Promise<AuthUser>;
}

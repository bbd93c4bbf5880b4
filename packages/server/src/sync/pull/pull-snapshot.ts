import type { MigrationRequest, PullQuery } from '@clinicsync/schema';
import type { AuthUser } from '../../auth/users.js';
import type { Transaction } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { ServerContext } from '../../server-context.js';
import { takeNextVersion } from '../version.js';
import { allocatePull, isKnownCursor } from './pull-cursor.js';
import type { PullPoint } from './pull-cursor.js';
import type { MigrationScope, PullScope } from './pull-sql.js';

export function migrationScope(migration: MigrationRequest | null): MigrationScope | null {
  if (!migration) return null;
  return { tables: new Set(migration.tables), columns: new Map(migration.columns) };
}

/**
 * Resolves the device's cursor and allocates the timestamp, inside the
 * pull's snapshot. A cursor this server never handed out means a full
 * download, tombstones included (the device may hold rows deleted since).
 * Undefined when the timestamp band above the watermark is used up.
 */
export async function startPull(
  tx: Transaction,
  query: PullQuery,
  user: AuthUser,
  deviceId: string | null,
): Promise<{ point: PullPoint; scope: PullScope } | undefined> {
  const known = await isKnownCursor(tx, query.lastPulledAt);
  const since = known ? query.lastPulledAt : 0;
  const point = await allocatePull(tx, since, user.id, deviceId);
  if (!point) return undefined;
  const scope: PullScope = {
    since,
    withDeleted: !known || since > 0,
    userId: user.id,
    migration: migrationScope(query.migration),
  };
  return { point, scope };
}

/**
 * Runs `work` in a REPEATABLE READ snapshot; when it reports the timestamp
 * band full (undefined), takes a version to open a new band and tries again.
 */
export async function inPullSnapshot<T>(
  context: ServerContext,
  work: (tx: Transaction) => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await context.db.transaction(work, 'repeatable read');
    if (result !== undefined) return result;
    await context.db.transaction((tx) => takeNextVersion(tx));
  }
  throw new AppError('unavailable', 'The server could not allocate a pull timestamp; try again.');
}

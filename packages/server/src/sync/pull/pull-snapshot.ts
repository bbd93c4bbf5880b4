import type { MigrationRequest, PullQuery } from '@clinicsync/schema';
import type { AuthUser } from '../../auth/users.js';
import type { Queryable, Transaction } from '../../db/database.js';
import { computePullScope, scopeMoved } from '../../scope/pull-scope.js';
import { scopeKeyOf } from '../../scope/scope-keys.js';
import { AppError } from '../../errors.js';
import type { ServerContext } from '../../server-context.js';
import { takeNextVersion } from '../version.js';
import { allocatePull, findPreviousCursor, readWatermark } from './pull-cursor.js';
import { readRefusedDeletes } from '../push/remember-refused-deletes.js';
import { newestVersionsSql, pulledTables } from './pull-sql.js';
import type { PullPoint } from './pull-cursor.js';
import type { MigrationScope, PullScope } from './pull-sql.js';

export function migrationScope(migration: MigrationRequest | null): MigrationScope | null {
  if (!migration) return null;
  return { tables: new Set(migration.tables), columns: new Map(migration.columns) };
}

/**
 * What a pull works on: the snapshot its rows are read in, and the primary,
 * which holds the cursors handed out (the `pulls` table). Without a read
 * replica both are the one transaction on the primary.
 */
export interface PullConnections {
  /** A REPEATABLE READ snapshot, on the primary or on a read replica. */
  readonly tx: Transaction;
  /** Where cursors are looked up and allocated: always the primary. */
  readonly primary: Queryable;
}

/**
 * Resolves the device's cursor and allocates the timestamp, inside the
 * pull's snapshot. A cursor this server never handed out means a full
 * download of the user's scope, tombstones included (the device may hold
 * rows deleted since). Undefined when the timestamp band above the
 * watermark is used up.
 */
export async function startPull(
  pull: PullConnections,
  query: PullQuery,
  user: AuthUser,
  deviceId: string | null,
): Promise<{ point: PullPoint; scope: PullScope } | undefined> {
  const before = await findPreviousCursor(pull.primary, query.lastPulledAt);
  const known = before !== null;
  const since = known ? query.lastPulledAt : 0;
  const point = await allocatePull(pull.tx, pull.primary, since, user.id, deviceId);
  if (!point) return undefined;
  const scope = await resolvePullScope(pull, {
    since,
    previous: before ?? 0,
    at: point.timestamp,
    withDeleted: !known || since > 0,
    user,
    migration: query.migration,
  });
  return { point, scope };
}

/** A pull's cursor and timestamp, before its scope is worked out. */
export interface PullWindow {
  readonly since: number;
  /** The cursor the device held before `since`, where the caller has looked it up. */
  readonly previous?: number;
  readonly at: number;
  readonly withDeleted: boolean;
  readonly user: AuthUser;
  readonly migration: MigrationRequest | null;
  /** For a later page: the index (in pull order) of the first table it may read. */
  readonly fromTable?: number;
}

/**
 * What a pull sends: the tables with rows newer than the cursor, the keys
 * of the user's scope at the pull's timestamp, and those that entered or
 * left it since the device's cursor and the one before (docs/scope.md).
 */
export async function resolvePullScope(
  pull: PullConnections,
  window: PullWindow,
): Promise<PullScope> {
  const { tx } = pull;
  const { since, user } = window;
  const migration = migrationScope(window.migration);
  const previous =
    since === 0 ? 0 : (window.previous ?? (await findPreviousCursor(pull.primary, since)) ?? 0);
  let changed: Set<string> | null = null;
  // Whether users and forms may have moved is judged from the previous
  // cursor on: what left the scope before `since` goes out as deleted now.
  let changedSincePrevious: Set<string> | null = null;
  if (since > 0 && !migration) {
    const newest = await tx.query<{ name: string; newest: number | null }>(newestVersionsSql);
    const changedAfter = (cursor: number) =>
      new Set(newest.filter((t) => t.newest !== null && t.newest > cursor).map((t) => t.name));
    changed = changedAfter(since);
    changedSincePrevious = previous > 0 ? changedAfter(previous) : changed;
  }
  const done = new Set(pulledTables.slice(0, window.fromTable ?? 0).map((t) => t.name));
  const keys = await computePullScope(
    tx,
    { userId: user.id, at: window.at, since, previous },
    changedSincePrevious,
    done,
  );
  const { resent, withheld } = await readRefusedDeletes(tx, user.id, since, previous);
  const tables = pulledTables.filter((table) => {
    if (done.has(table.name)) return false;
    if (changed === null || changed.has(table.name) || resent.has(table.name)) return true;
    const key = scopeKeyOf(table);
    return key !== undefined && scopeMoved(keys[key.kind]);
  });
  return {
    since,
    previous,
    at: window.at,
    withDeleted: window.withDeleted,
    userId: user.id,
    migration,
    keys,
    hideEmails: user.role !== 'admin' && user.role !== 'super_admin',
    tables,
    resent,
    withheld,
  };
}

// A page's queries are estimated dear enough for JIT compilation, which then
// costs more than it saves (35 ms of a 250 ms events page).
const snapshotSettings = { jit: 'off' } as const;

/**
 * Runs `work` in a REPEATABLE READ snapshot; when it reports the timestamp
 * band full (undefined), takes a version to open a new band and tries again.
 *
 * With a read replica (DATABASE_READ_URL) the snapshot is taken there when
 * the replica has replayed version `needed`: the watermark of the cursor the
 * device holds, or of the pull a later page belongs to. Below it, the
 * replica would judge the scope at an older state and miss rows the device
 * must get from this pull, so the primary answers instead (docs/scaling.md).
 */
export async function inPullSnapshot<T>(
  context: ServerContext,
  needed: number,
  work: (pull: PullConnections) => Promise<T | undefined>,
): Promise<T> {
  const { readDb } = context;
  if (readDb) {
    let working = false;
    try {
      const result = await readDb.transaction(
        async (tx) => {
          if ((await readWatermark(tx)) < needed) return undefined;
          working = true;
          return work({ tx, primary: context.db });
        },
        'repeatable read',
        snapshotSettings,
      );
      if (result !== undefined) return result;
    } catch (error) {
      // A replica that is down or not yet migrated must not stop pulls;
      // once the work began, the caller may have started the answer.
      if (working) throw error;
    }
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await context.db.transaction(
      (tx) => work({ tx, primary: tx }),
      'repeatable read',
      snapshotSettings,
    );
    if (result !== undefined) return result;
    await context.db.transaction((tx) => takeNextVersion(tx));
  }
  throw new AppError('unavailable', 'The server could not allocate a pull timestamp; try again.');
}

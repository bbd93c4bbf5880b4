import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/users.js';
import type { Transaction } from '../db/database.js';
import { AppError } from '../errors.js';
import type { ServerContext } from '../server-context.js';
import { decodeNextToken, encodeNextToken } from './next-token.js';
import type { PagingState } from './next-token.js';
import { parsePullQuery, readDeviceId } from './parse-pull-query.js';
import type { PullQuery } from './parse-pull-query.js';
import { allocatePull, isKnownCursor } from './pull-cursor.js';
import type { PullPoint } from './pull-cursor.js';
import type { MigrationScope, PullScope } from './pull-query.js';
import { readChanges } from './read-changes.js';
import type { PullCounts } from './read-changes.js';
import { readPage } from './read-page.js';
import { logSync } from './sync-log.js';
import { takeNextVersion } from './version.js';
import { ChunkBuffer } from './write-stream.js';

function migrationScope(migration: PagingState['migration']): MigrationScope | null {
  if (!migration) return null;
  return { tables: new Set(migration.tables), columns: new Map(migration.columns) };
}

/**
 * Opens the pull's snapshot, resolves the device's cursor and allocates the
 * timestamp. A cursor this server never handed out means a full download,
 * tombstones included (the device may hold rows deleted since).
 */
async function startPull(
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

/** Runs `work` in a REPEATABLE READ pull; when the timestamp band is full, opens a new one. */
async function inPullSnapshot<T>(
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

async function pagedPull(
  context: ServerContext,
  query: PullQuery,
  user: AuthUser,
  deviceId: string | null,
  counts: PullCounts,
) {
  const limit = query.limit ?? 5000;
  let state: PagingState;
  if (query.next) {
    state = decodeNextToken(query.next);
    if (state.since !== query.lastPulledAt && state.since !== 0) {
      throw new AppError('bad_request', 'next belongs to a pull with another last_pulled_at.');
    }
    const [owner] = await context.db.query<{ user_id: string }>(
      'SELECT user_id FROM pulls WHERE cursor = $1',
      [state.timestamp],
    );
    if (owner?.user_id !== user.id) {
      throw new AppError(
        'bad_request',
        'next is not a paging token of yours; start the pull again.',
      );
    }
  }
  return inPullSnapshot(context, async (tx) => {
    let scope: PullScope;
    if (query.next) {
      scope = {
        since: state.since,
        withDeleted: state.withDeleted,
        userId: user.id,
        migration: migrationScope(state.migration),
      };
    } else {
      const started = await startPull(tx, query, user, deviceId);
      if (!started) return undefined;
      scope = started.scope;
      state = {
        timestamp: started.point.timestamp,
        since: scope.since,
        withDeleted: scope.withDeleted,
        position: { table: 0, afterId: '' },
        migration: query.migration,
      };
    }
    const page = await readPage(tx, scope, state.position, limit, counts);
    const body = page.next
      ? `{"changes":${page.changes},"timestamp":${state.timestamp},"has_more":true,"next":${JSON.stringify(
          encodeNextToken({ ...state, position: page.next }),
        )}}`
      : `{"changes":${page.changes},"timestamp":${state.timestamp},"has_more":false}`;
    return { body, timestamp: state.timestamp };
  });
}

/**
 * `GET /api/v2/sync`: the pull. Unpaged, the answer streams from one
 * REPEATABLE READ snapshot; paged (`limit`/`next`), each page is one query
 * per table in id order after the page token's position.
 */
export async function handlePull(
  context: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const startedAt = performance.now();
  const user = await context.requireUser(request, { allowBasic: true });
  const query = parsePullQuery(request.query as Record<string, unknown>);
  const deviceId = readDeviceId(request.headers['x-device-id']);
  const counts: PullCounts = {};
  const log = (timestamp: number) =>
    logSync(context.db, {
      userId: user.id,
      deviceId,
      kind: 'pull',
      lastPulledAt: query.lastPulledAt,
      timestamp,
      counts,
      rejected: [],
      ms: performance.now() - startedAt,
    }).catch((error: unknown) => request.log.error({ err: error }, 'could not write the sync log'));

  if (query.limit !== null || query.next !== null) {
    const { body, timestamp } = await pagedPull(context, query, user, deviceId, counts);
    await log(timestamp);
    return reply.type('application/json; charset=utf-8').send(body);
  }

  const stream = new PassThrough();
  let sending = false;
  try {
    const timestamp = await inPullSnapshot(context, async (tx) => {
      const started = await startPull(tx, query, user, deviceId);
      if (!started) return undefined;
      void reply.type('application/json; charset=utf-8').send(stream);
      sending = true;
      const out = new ChunkBuffer(stream);
      await out.push('{"changes":');
      for await (const chunk of readChanges(tx, started.scope, counts)) await out.push(chunk);
      await out.push(`,"timestamp":${started.point.timestamp}}`);
      await out.flush();
      return started.point.timestamp;
    });
    stream.end();
    await log(timestamp);
  } catch (error) {
    if (!sending) throw error;
    // The answer has begun: all we can do is cut it, so the device retries.
    request.log.error({ err: error }, 'pull failed while streaming');
    stream.destroy(error as Error);
  }
  return reply;
}

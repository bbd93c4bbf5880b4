import { PassThrough } from 'node:stream';
import type { PullQuery } from '@clinicsync/schema';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { AuthUser } from '../../auth/users.js';
import type { ServerContext } from '../../server-context.js';
import { logSync } from '../sync-log.js';
import { pagedPull } from './paged-pull.js';
import { watermarkOf } from './pull-cursor.js';
import { inPullSnapshot, startPull } from './pull-snapshot.js';
import { readChanges } from './read-changes.js';
import type { PullCounts } from './read-changes.js';
import { ChunkBuffer } from './write-stream.js';

/** A pull, as the route has read and checked it. */
export interface PullRequest {
  readonly user: AuthUser;
  readonly deviceId: string | null;
  readonly query: PullQuery;
  readonly log: FastifyBaseLogger;
}

/**
 * `GET /api/v2/sync`: the pull. Unpaged, the answer streams from one
 * REPEATABLE READ snapshot; paged (`limit`/`next`), each page is one query
 * per table in id order after the page token's position. A full pull (no
 * `last_pulled_at`, first page or unpaged) is held to the user's full-pull
 * limits: 429 with Retry-After past them.
 */
export async function handlePull(
  context: ServerContext,
  request: PullRequest,
  reply: FastifyReply,
): Promise<void> {
  const { query } = request;
  const full = query.lastPulledAt === 0 && query.next === null;
  const release = full ? context.fullPulls?.begin(request.user.id) : undefined;
  try {
    await runPull(context, request, reply);
  } finally {
    release?.();
  }
}

async function runPull(
  context: ServerContext,
  request: PullRequest,
  reply: FastifyReply,
): Promise<void> {
  const startedAt = performance.now();
  const { user, deviceId, query } = request;
  const log = (timestamp: number, counts: PullCounts) =>
    logSync(context.db, {
      userId: user.id,
      deviceId,
      kind: 'pull',
      lastPulledAt: query.lastPulledAt,
      timestamp,
      counts,
      rejected: [],
      ms: performance.now() - startedAt,
      schemaVersion: query.schemaVersion,
    }).catch((error: unknown) => request.log.error({ err: error }, 'could not write the sync log'));

  if (query.limit !== null || query.next !== null) {
    const page = await pagedPull(context, query, user, deviceId);
    await log(page.timestamp, page.counts);
    void reply.type('application/json; charset=utf-8').send(page.body);
    return;
  }

  const counts: PullCounts = {};
  const stream = new PassThrough();
  let sending = false;
  try {
    const needed = watermarkOf(query.lastPulledAt);
    const timestamp = await inPullSnapshot(context, needed, async (pull) => {
      const { tx } = pull;
      const started = await startPull(pull, query, user, deviceId);
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
    // Logged before the answer ends, as the paged pull and the push do, so a
    // device that has its answer is already in the console's device list.
    await log(timestamp, counts);
    stream.end();
  } catch (error) {
    if (!sending) throw error;
    // The answer has begun: all we can do is cut it, so the device retries.
    request.log.error({ err: error }, 'pull failed while streaming');
    stream.destroy(error as Error);
  }
}

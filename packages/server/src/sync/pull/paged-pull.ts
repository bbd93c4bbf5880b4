import type { PullQuery } from '@clinicsync/schema';
import type { AuthUser } from '../../auth/users.js';
import { AppError } from '../../errors.js';
import type { ServerContext } from '../../server-context.js';
import { asciiJsonBytes } from './ascii-json.js';
import { decodeNextToken, encodeNextToken } from './next-token.js';
import { watermarkOf } from './pull-cursor.js';
import { readPullEstimate } from './pull-estimate.js';
import type { PagingState } from './next-token.js';
import { inPullSnapshot, resolvePullScope, startPull } from './pull-snapshot.js';
import type { PullScope } from './pull-sql.js';
import type { PullCounts } from './read-changes.js';
import type { PageAnswer } from './page-read-ahead.js';
import { readPage } from './read-page.js';

const defaultPageSize = 5000;

const pageRecords = (counts: PullCounts) =>
  Object.values(counts).reduce(
    (sum, c) => sum + (c.created ?? 0) + (c.updated ?? 0) + (c.deleted ?? 0),
    0,
  );

/** The paging state of a `next` token, checked to belong to this user and cursor. */
async function resumeState(
  context: ServerContext,
  query: PullQuery,
  next: string,
  user: AuthUser,
): Promise<PagingState> {
  const state = decodeNextToken(next);
  if (state.since !== query.lastPulledAt && state.since !== 0) {
    throw new AppError('bad_request', 'next belongs to a pull with another last_pulled_at.');
  }
  const [owner] = await context.db.query<{ user_id: string }>(
    'SELECT user_id FROM pulls WHERE cursor = $1',
    [state.timestamp],
  );
  if (owner?.user_id !== user.id) {
    throw new AppError('bad_request', 'next is not a paging token of yours; start the pull again.');
  }
  return state;
}

/**
 * One page of a paged pull (`limit`, `next`), as the whole JSON answer with
 * its records counted. The page after it is read at once, while this one is
 * sent and applied (PageReadAhead), where the server has one.
 */
export async function pagedPull(
  context: ServerContext,
  query: PullQuery,
  user: AuthUser,
  deviceId: string | null,
): Promise<PageAnswer> {
  const limit = query.limit ?? defaultPageSize;
  // Whose pull, from which cursor, in pages of what size: a page read ahead
  // is only ever answered to the request it was read for.
  const keyOf = (next: string) => JSON.stringify([user.id, query.lastPulledAt, limit, next]);
  const ahead = query.next === null ? undefined : context.readAhead?.take(keyOf(query.next));
  const page =
    (ahead && (await ahead)) ?? (await readPageAnswer(context, query, user, deviceId, limit));
  const next = page.next;
  if (next !== null && context.readAhead) {
    context.readAhead.start(keyOf(next), () =>
      readPageAnswer(context, { ...query, next }, user, deviceId, limit),
    );
  }
  return page;
}

/**
 * Reads one page. The first page allocates the pull's timestamp; every page
 * reads, in its own snapshot, up to `limit` rows after the token's position,
 * so positions only move forward and an id appears at most once.
 */
async function readPageAnswer(
  context: ServerContext,
  query: PullQuery,
  user: AuthUser,
  deviceId: string | null,
  limit: number,
): Promise<PageAnswer> {
  const resumed = query.next ? await resumeState(context, query, query.next, user) : null;
  const counts: PullCounts = {};
  // A later page needs every version its pull's timestamp stands for.
  const needed = watermarkOf(resumed ? resumed.timestamp : query.lastPulledAt);
  return inPullSnapshot(context, needed, async (pull) => {
    const { tx } = pull;
    let state: PagingState;
    let scope: PullScope;
    if (resumed) {
      state = resumed;
      scope = await resolvePullScope(pull, {
        since: state.since,
        at: state.timestamp,
        withDeleted: state.withDeleted,
        user,
        migration: state.migration,
        fromTable: state.position.table,
      });
    } else {
      const started = await startPull(pull, query, user, deviceId);
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
    const page = await readPage(tx, scope, state.position, limit, context.pageBudget, counts);
    let head = `{"changes":${page.changes},"timestamp":${state.timestamp}`;
    if (!resumed) {
      // A pull of one page is its own exact estimate; a longer one is counted.
      const estimate = page.next
        ? await readPullEstimate(tx, scope)
        : { records: pageRecords(counts), bytes: Buffer.byteLength(page.changes) };
      head += `,"estimate":{"records":${estimate.records},"bytes":${estimate.bytes}}`;
    }
    const next = page.next ? encodeNextToken({ ...state, position: page.next }) : null;
    const text = next
      ? `${head},"has_more":true,"next":${JSON.stringify(next)}}`
      : `${head},"has_more":false}`;
    // Encoded once here: sent as a string, Fastify would measure its UTF-8
    // length and the socket encode it again (3.2 s of CPU over a 189 MB pull).
    // All ASCII, which devices decode and parse several times faster.
    return { body: asciiJsonBytes(text), timestamp: state.timestamp, counts, next };
  });
}

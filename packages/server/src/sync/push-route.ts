import { validatePush } from '@clinicsync/schema';
import type { PushResponse, TableName } from '@clinicsync/schema';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { ServerContext } from '../server-context.js';
import { filterPermitted, loadPushPermissions } from './check-permissions.js';
import { parsePullQuery, readDeviceId } from './parse-pull-query.js';
import { findPreviousCursor } from './pull-cursor.js';
import { logSync } from './sync-log.js';
import { writeChanges } from './write-changes.js';
import type { WriteResult } from './write-changes.js';

// Serialization failures and deadlocks: the transaction did nothing, so it is safe to run again.
const retryableCodes = new Set(['40001', '40P01']);

async function withRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 4 || typeof code !== 'string' || !retryableCodes.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt * Math.random()));
    }
  }
}

/**
 * `POST /api/v2/sync`: the push. The whole body is validated before anything
 * is written; records this user may not write are refused one by one; the
 * rest is applied in one transaction.
 */
export async function handlePush(
  context: ServerContext,
  request: FastifyRequest,
): Promise<PushResponse> {
  const startedAt = performance.now();
  const user = await context.requireUser(request, { allowBasic: true });
  const deviceId = readDeviceId(request.headers['x-device-id']);
  const query = parsePullQuery(request.query as Record<string, unknown>);
  const validation = validatePush(request.body);
  if (!validation.ok) {
    throw new AppError('invalid_push', 'The push was refused whole; nothing was written.', {
      problems: validation.problems,
    });
  }
  const cursor = query.lastPulledAt || validation.value.lastPulledAt || 0;
  const permissions = await loadPushPermissions(context.db, user);
  const { accepted, refusals } = filterPermitted(validation.value.tables, permissions);

  const result: WriteResult = await withRetry(() =>
    context.db.transaction(async (tx) => {
      const base = await findPreviousCursor(tx, cursor);
      const actor = {
        userId: user.id,
        deviceId,
        cursor: cursor > 0 ? cursor : null,
        conflictBase: base ?? 0,
      };
      return writeChanges(tx, accepted, actor, context.conflictMode);
    }),
  );

  await logSync(context.db, {
    userId: user.id,
    deviceId,
    kind: 'push',
    lastPulledAt: cursor,
    timestamp: result.version,
    counts: { ...result.counts, conflicts: result.conflicts },
    rejected: refusals,
    ms: performance.now() - startedAt,
  }).catch((error: unknown) => request.log.error({ err: error }, 'could not write the sync log'));

  if (refusals.length === 0) return { ok: true };
  const rejectedIds: Partial<Record<TableName, string[]>> = {};
  for (const refusal of refusals) (rejectedIds[refusal.table] ??= []).push(refusal.id);
  return { ok: true, experimentalRejectedIds: rejectedIds, rejected: refusals };
}

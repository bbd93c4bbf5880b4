import type { PushAnswer, RejectedRecord, ValidatedPush } from '@clinicsync/schema';
import type { FastifyBaseLogger } from 'fastify';
import type { AuthUser } from '../../auth/users.js';
import { retryTransaction } from '../../db/retry-transaction.js';
import type { ServerContext } from '../../server-context.js';
import { logSync } from '../sync-log.js';
import { findPreviousCursor } from '../pull/pull-cursor.js';
import { loadUserScope } from '../../scope/user-scope.js';
import { refusedEntry } from '../write/conflict-log.js';
import { rememberRefusedDeletes } from './remember-refused-deletes.js';
import { writeChanges } from '../write/write-changes.js';
import { judgePush } from './judge-push.js';
import { readPushScope } from './read-push-scope.js';

/** A push, as the route has read and checked it. */
export interface PushRequest {
  readonly user: AuthUser;
  readonly deviceId: string | null;
  /** The `last_pulled_at` of the query, else the wrapped body's `lastPulledAt`, else 0. */
  readonly cursor: number;
  readonly push: ValidatedPush;
  readonly log: FastifyBaseLogger;
}

/** The answer naming the refused records, in both of PROTOCOL.md's forms. */
function answerWith(refusals: readonly RejectedRecord[]): PushAnswer {
  if (refusals.length === 0) return { ok: true };
  const rejectedIds: Record<string, string[]> = {};
  for (const refusal of refusals) (rejectedIds[refusal.table] ??= []).push(refusal.id);
  return { ok: true, experimentalRejectedIds: rejectedIds, rejected: [...refusals] };
}

/**
 * `POST /api/v2/sync`: the push. The body was checked whole before this
 * runs (nothing is written otherwise). In one transaction, retried when
 * PostgreSQL aborts it as a deadlock or serialization failure: the user's
 * scope, the records judged against it one by one (judge-push.ts), the
 * accepted ones written and the refused ones' values logged.
 */
export async function handlePush(
  context: ServerContext,
  request: PushRequest,
): Promise<PushAnswer> {
  const startedAt = performance.now();
  const { user, deviceId, cursor } = request;
  const { tables } = request.push;

  const { result, refusals } = await retryTransaction(() =>
    context.db.transaction(async (tx) => {
      const scope = await loadUserScope(tx, user);
      const inputs = await readPushScope(tx, scope, tables);
      const judged = judgePush(tables, { scope, homeClinicId: user.clinicId }, inputs);
      const base = await findPreviousCursor(tx, cursor);
      const actor = {
        userId: user.id,
        deviceId,
        cursor: cursor > 0 ? cursor : null,
        conflictBase: base ?? 0,
      };
      const written = await writeChanges(tx, judged.accepted, actor, {
        mode: context.conflictMode,
        refused: judged.refused.map(refusedEntry),
        clinics: judged.clinics,
      });
      await rememberRefusedDeletes(tx, user.id, cursor, judged.refused);
      const refused: RejectedRecord[] = judged.refused.map(({ table, id, reason }) => ({
        table,
        id,
        reason,
      }));
      return { result: written, refusals: refused };
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

  return answerWith(refusals);
}

import type { FastifyReply, FastifyRequest, onSendAsyncHookHandler } from 'fastify';
import type { ServerContext } from '../server-context.js';
import { logSync } from './sync-log.js';

/** `{error: {code}}` of an error answer; null when it is not one. */
function errorCode(payload: unknown): string | null {
  if (typeof payload !== 'string') return null;
  try {
    const code = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}

/**
 * A route hook that writes a refused or failed pull or push of a signed-in
 * user to the sync log with its error code, so the console can show a
 * device's errors (a push the server cannot take, a full pull past its
 * limit, a server failure) and not only its good syncs. Only the code is
 * kept: a message can quote values. A request refused before sign-in
 * (wrong password, no credentials) has no user to file it under; the
 * sign-in failure limiter counts those. Written before the answer is sent,
 * as a good sync's entry is, so that whoever has the answer finds it logged.
 *
 * @example
 * routes.post('/api/v2/sync', { ...failedSyncHooks(context), … }, handler);
 */
export function failedSyncHooks(context: ServerContext): { onSend: onSendAsyncHookHandler } {
  return {
    onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const user = request.authUser;
      if (reply.statusCode < 400 || !user) return payload;
      const deviceId = request.headers['x-device-id'];
      await logSync(context.db, {
        userId: user.id,
        deviceId: typeof deviceId === 'string' && deviceId !== '' ? deviceId : null,
        kind: request.method === 'GET' ? 'pull' : 'push',
        lastPulledAt: null,
        timestamp: null,
        counts: {},
        rejected: [],
        ms: reply.elapsedTime,
        error: errorCode(payload) ?? `http_${reply.statusCode}`,
      }).catch((error: unknown) =>
        request.log.error({ err: error }, 'could not write the sync log'),
      );
      return payload;
    },
  };
}

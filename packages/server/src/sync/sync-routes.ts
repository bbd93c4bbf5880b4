import {
  errorBody,
  pullAnswer,
  pullQuery,
  pushAnswer,
  pushBody,
  pushQuery,
  syncHeaders,
} from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { currentUser, signedIn } from '../auth/route-auth.js';
import type { ServerContext } from '../server-context.js';
import { failedSyncHooks } from './log-failed-syncs.js';
import { handlePull } from './pull/pull-route.js';
import { handlePush } from './push/push-route.js';

/** `/api/v2/sync`: what stock WatermelonDB apps and our SDK sync through. */
export function registerSyncRoutes(app: FastifyInstance, context: ServerContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const auth = { onRequest: signedIn(context, { allowBasic: true }), ...failedSyncHooks(context) };
  const doc = { tags: ['sync'], security: [{ bearer: [] }, { basic: [] }], headers: syncHeaders };

  routes.get(
    '/api/v2/sync',
    {
      ...auth,
      schema: {
        ...doc,
        summary: 'Pull: what changed since last_pulled_at (paged with limit and next).',
        querystring: pullQuery,
        response: { 200: pullAnswer, '4xx': errorBody },
      },
    },
    async (request, reply) => {
      const pull = {
        user: currentUser(request),
        deviceId: request.headers['x-device-id'] || null,
        query: request.query,
        log: request.log,
      };
      await handlePull(context, pull, reply);
      return reply;
    },
  );

  routes.post(
    '/api/v2/sync',
    {
      ...auth,
      schema: {
        ...doc,
        summary: "Push: the device's created, updated and deleted records, applied atomically.",
        querystring: pushQuery,
        body: pushBody,
        response: { 200: pushAnswer, '4xx': errorBody },
      },
    },
    (request) =>
      handlePush(context, {
        user: currentUser(request),
        deviceId: request.headers['x-device-id'] || null,
        cursor: request.query.lastPulledAt || request.body.lastPulledAt || 0,
        push: request.body,
        log: request.log,
      }),
  );
}

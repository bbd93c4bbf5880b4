import { conflictsPage, errorBody, logPageQuery, syncLogPage } from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { administrator } from '../auth/route-auth.js';
import type { ServerContext } from '../server-context.js';
import { listConflicts } from './list-conflicts.js';
import { listSyncLog } from './list-sync-log.js';

/**
 * `GET /api/admin/conflicts?limit&before` → `{conflicts, next}` and
 * `GET /api/admin/sync-log?limit&before` → `{entries, next}`, newest first;
 * `next` is the `before` of the following page, null on the last one.
 */
export function registerLogRoutes(app: FastifyInstance, context: ServerContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const admin = { onRequest: administrator(context) };
  const doc = { tags: ['admin'], security: [{ bearer: [] }], querystring: logPageQuery };

  routes.get(
    '/api/admin/conflicts',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'The conflict log, newest first.',
        response: { 200: conflictsPage, '4xx': errorBody },
      },
    },
    (request) => listConflicts(context.db, request.query),
  );

  routes.get(
    '/api/admin/sync-log',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'Pulls and pushes, newest first.',
        response: { 200: syncLogPage, '4xx': errorBody },
      },
    },
    (request) => listSyncLog(context.db, request.query),
  );
}

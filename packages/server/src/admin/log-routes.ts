import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../server-context.js';
import { listConflicts } from './list-conflicts.js';
import { listSyncLog } from './list-sync-log.js';
import { pageQuery } from './page-query.js';
import { parseInput } from './parse-input.js';

/**
 * `GET /api/admin/conflicts?limit&before` → `{conflicts, next}` and
 * `GET /api/admin/sync-log?limit&before` → `{entries, next}`, newest first;
 * `next` is the `before` of the following page, null on the last one.
 */
export function registerLogRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/api/admin/conflicts', async (request) => {
    await context.requireAdmin(request);
    return listConflicts(context.db, parseInput(pageQuery, request.query, 'query'));
  });

  app.get('/api/admin/sync-log', async (request) => {
    await context.requireAdmin(request);
    return listSyncLog(context.db, parseInput(pageQuery, request.query, 'query'));
  });
}

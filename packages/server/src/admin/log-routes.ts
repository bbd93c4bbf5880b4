import {
  accessLogPage,
  conflictsPage,
  conflictsQuery,
  errorBody,
  logPageQuery,
  syncLogPage,
  syncLogQuery,
} from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { administrator, currentUser } from '../auth/route-auth.js';
import type { ServerContext } from '../server-context.js';
import { loadAdminReach } from './admin-reach.js';
import { appendAccess } from './append-access.js';
import { listAccessLog } from './list-access-log.js';
import { listConflicts } from './list-conflicts.js';
import { listSyncLog } from './list-sync-log.js';

/**
 * `GET /api/admin/conflicts?limit&before&open` → `{conflicts, next}`,
 * `GET /api/admin/sync-log?limit&before&user_id&device&kind` → `{entries, next}` and
 * `GET /api/admin/access-log?limit&before` → `{entries, next}`, newest
 * first; `next` is the `before` of the following page, null on the last.
 * An admin reads only what concerns their clinics.
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
        summary:
          "The conflict log, newest first (open=true: the unresolved): an admin's clinics only.",
        querystring: conflictsQuery,
        response: { 200: conflictsPage, '4xx': errorBody },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const reach = await loadAdminReach(context.db, user);
      const page = await listConflicts(context.db, reach, request.query);
      // The conflict log holds patients' values: reading it is audited like a lookup.
      if (page.conflicts.length > 0) {
        await appendAccess(context.db, {
          userId: user.id,
          action: 'read_conflicts',
          target: `${page.conflicts.length} conflicts from ${page.conflicts[0]!.id}`,
          clinicIds: page.conflicts.flatMap((c) => (c.clinic_id ? [c.clinic_id] : [])),
        });
      }
      return page;
    },
  );

  routes.get(
    '/api/admin/sync-log',
    {
      ...admin,
      schema: {
        ...doc,
        summary:
          "Pulls and pushes, newest first, by user, device or kind: an admin's clinics' users only.",
        querystring: syncLogQuery,
        response: { 200: syncLogPage, '4xx': errorBody },
      },
    },
    async (request) => {
      const reach = await loadAdminReach(context.db, currentUser(request));
      return listSyncLog(context.db, reach, request.query);
    },
  );

  routes.get(
    '/api/admin/access-log',
    {
      ...admin,
      schema: {
        ...doc,
        summary: "Patient lookups, follows and exports, newest first: an admin's clinics only.",
        response: { 200: accessLogPage, '4xx': errorBody },
      },
    },
    async (request) => {
      const reach = await loadAdminReach(context.db, currentUser(request));
      return listAccessLog(context.db, reach, request.query);
    },
  );
}

import {
  conflictEntry,
  conflictIdParams,
  errorBody,
  resolveConflictBody,
} from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { administrator, currentUser } from '../auth/route-auth.js';
import type { ServerContext } from '../server-context.js';
import { loadAdminReach } from './admin-reach.js';
import { resolveConflict } from './resolve-conflict.js';

/**
 * `POST /api/admin/conflicts/:id/resolve {action: "keep" | "restore"}` → 200
 * the conflict with `resolved`. `restore` writes the replaced value back as a
 * new change that every device pulls; 409 when the row was deleted or changed
 * again since. An admin resolves the conflicts of their clinics only.
 */
export function registerConflictRoutes(app: FastifyInstance, context: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/admin/conflicts/:id/resolve',
    {
      onRequest: administrator(context),
      schema: {
        tags: ['admin'],
        security: [{ bearer: [] }],
        summary: 'Resolve a conflict: keep the applied value, or restore the replaced one.',
        params: conflictIdParams,
        body: resolveConflictBody,
        response: { 200: conflictEntry, '4xx': errorBody },
      },
    },
    async (request) => {
      const reach = await loadAdminReach(context.db, currentUser(request));
      return resolveConflict(context.db, reach, request.params.id, request.body.action);
    },
  );
}

import { adminUserDetail, errorBody, membershipBody, membershipParams } from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { administrator, currentUser } from '../auth/route-auth.js';
import type { ServerContext } from '../server-context.js';
import { loadAdminReach } from './admin-reach.js';
import { putMembership, removeMembership } from './change-membership.js';

/**
 * `PUT /api/admin/users/:id/clinics/:clinic_id {permissions}` → 200 the
 * user with their clinics; `DELETE` of the same → 204. Devices pull the
 * change: the clinic's records arrive, or leave one sync later.
 */
export function registerMembershipRoutes(app: FastifyInstance, context: ServerContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const admin = { onRequest: administrator(context) };
  const doc = { tags: ['admin'], security: [{ bearer: [] }], params: membershipParams };

  routes.put(
    '/api/admin/users/:id/clinics/:clinic_id',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'Add a user to a clinic, or set their flags there (flags left out are false).',
        body: membershipBody,
        response: { 200: adminUserDetail, '4xx': errorBody },
      },
    },
    async (request) => {
      const reach = await loadAdminReach(context.db, currentUser(request));
      const { id, clinic_id } = request.params;
      return putMembership(context.db, id, clinic_id, request.body.permissions, reach);
    },
  );

  routes.delete(
    '/api/admin/users/:id/clinics/:clinic_id',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'Remove a user from a clinic other than their home clinic.',
        response: { 204: z.void().meta({ description: 'Removed.' }), '4xx': errorBody },
      },
    },
    async (request, reply) => {
      const reach = await loadAdminReach(context.db, currentUser(request));
      await removeMembership(context.db, request.params.id, request.params.clinic_id, reach);
      return reply.status(204).send();
    },
  );
}

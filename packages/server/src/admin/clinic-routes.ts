import { errorBody, newClinicBody, wireRowSchema } from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { administrator, currentUser } from '../auth/route-auth.js';
import type { ServerContext } from '../server-context.js';
import { loadAdminReach, organisationRefusal, requireReach } from './admin-reach.js';
import { createClinic } from './create-user.js';

/**
 * `POST /api/admin/clinics {name}` → 201 the clinic's wire row (devices pull
 * it). Only a super_admin: a new clinic is none of an admin's own.
 */
export function registerClinicRoutes(app: FastifyInstance, context: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/admin/clinics',
    {
      onRequest: administrator(context),
      schema: {
        tags: ['admin'],
        summary: 'Create a clinic (super_admin).',
        security: [{ bearer: [] }],
        body: newClinicBody,
        response: { 201: wireRowSchema('clinics'), '4xx': errorBody },
      },
    },
    async (request, reply) => {
      const acting = currentUser(request);
      const reach = await loadAdminReach(context.db, acting);
      requireReach(organisationRefusal(reach, 'create a clinic'));
      const clinic = await createClinic(context.db, request.body.name, acting.id);
      return reply.status(201).send(clinic);
    },
  );
}

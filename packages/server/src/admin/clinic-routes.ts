import {
  clinicChangesBody,
  clinicIdParams,
  clinicsList,
  errorBody,
  newClinicBody,
  wireRowSchema,
} from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { administrator, currentUser } from '../auth/route-auth.js';
import type { ServerContext } from '../server-context.js';
import {
  clinicsRefusal,
  loadAdminReach,
  organisationRefusal,
  requireReach,
} from './admin-reach.js';
import { createClinic } from './create-user.js';
import { listClinics } from './list-clinics.js';
import { renameClinic } from './rename-clinic.js';

/**
 * `POST /api/admin/clinics {name}` → 201 the clinic's wire row (devices pull
 * it). Only a super_admin: a new clinic is none of an admin's own.
 * `GET /api/admin/clinics` → 200 `{clinics: [{id, name, users, patients, created_at}]}`,
 * the clinics the caller administers.
 * `PATCH /api/admin/clinics/:id {name}` → 200 the renamed wire row, which
 * devices pull: a super_admin, or an admin of that clinic.
 */
export function registerClinicRoutes(app: FastifyInstance, context: ServerContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const admin = { onRequest: administrator(context) };
  const doc = { tags: ['admin'], security: [{ bearer: [] }] };

  routes.post(
    '/api/admin/clinics',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'Create a clinic (super_admin).',
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

  routes.get(
    '/api/admin/clinics',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'The clinics you administer, with their user and patient counts.',
        response: { 200: clinicsList, '4xx': errorBody },
      },
    },
    async (request) => {
      const reach = await loadAdminReach(context.db, currentUser(request));
      return { clinics: await listClinics(context.db, reach) };
    },
  );

  routes.patch(
    '/api/admin/clinics/:id',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'Rename a clinic; devices pull the new name (an admin: their clinics).',
        params: clinicIdParams,
        body: clinicChangesBody,
        response: { 200: wireRowSchema('clinics'), '4xx': errorBody },
      },
    },
    async (request) => {
      const acting = currentUser(request);
      const reach = await loadAdminReach(context.db, acting);
      requireReach(clinicsRefusal(reach, [request.params.id]));
      return renameClinic(context.db, request.params.id, request.body.name, acting.id);
    },
  );
}

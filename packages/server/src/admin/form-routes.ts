import {
  errorBody,
  newEventFormBody,
  newRegistrationFormBody,
  wireRowSchema,
} from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { administrator, currentUser } from '../auth/route-auth.js';
import type { ServerContext } from '../server-context.js';
import {
  formClinicsRefusal,
  loadAdminReach,
  organisationRefusal,
  requireReach,
} from './admin-reach.js';
import { createEventForm, createRegistrationForm } from './create-form.js';

/**
 * `POST /api/admin/event-forms` and `POST /api/admin/registration-forms` →
 * 201 the created wire row (JSON columns as JSON text), which devices pull.
 * An admin makes event forms for their own clinics; forms for every clinic
 * and registration forms (every device pulls them) need a super_admin.
 */
export function registerFormRoutes(app: FastifyInstance, context: ServerContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const admin = { onRequest: administrator(context) };
  const doc = { tags: ['admin'], security: [{ bearer: [] }] };

  routes.post(
    '/api/admin/event-forms',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'Create an event form that devices pull (an admin: for their clinics).',
        body: newEventFormBody,
        response: { 201: wireRowSchema('event_forms'), '4xx': errorBody },
      },
    },
    async (request, reply) => {
      const acting = currentUser(request);
      const reach = await loadAdminReach(context.db, acting);
      requireReach(formClinicsRefusal(reach, request.body.clinic_ids));
      const form = await createEventForm(context.db, request.body, acting.id);
      return reply.status(201).send(form);
    },
  );

  routes.post(
    '/api/admin/registration-forms',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'Create a patient registration form that every device pulls (super_admin).',
        body: newRegistrationFormBody,
        response: { 201: wireRowSchema('registration_forms'), '4xx': errorBody },
      },
    },
    async (request, reply) => {
      const acting = currentUser(request);
      const reach = await loadAdminReach(context.db, acting);
      requireReach(organisationRefusal(reach, 'create a registration form'));
      const form = await createRegistrationForm(context.db, request.body, acting.id);
      return reply.status(201).send(form);
    },
  );
}

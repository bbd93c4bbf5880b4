import {
  errorBody,
  eventFormChangesBody,
  eventFormsList,
  formIdParams,
  newEventFormBody,
  newRegistrationFormBody,
  registrationFormChangesBody,
  registrationFormsList,
  wireRowSchema,
} from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { administrator, currentUser } from '../auth/route-auth.js';
import type { ServerContext } from '../server-context.js';
import {
  formClinicsRefusal,
  loadAdminReach,
  organisationRefusal,
  requireReach,
} from './admin-reach.js';
import { changeEventForm, changeRegistrationForm, deleteForm } from './change-form.js';
import { createEventForm, createRegistrationForm } from './create-form.js';
import { listEventForms, listRegistrationForms } from './list-forms.js';

/**
 * `POST /api/admin/event-forms` and `POST /api/admin/registration-forms` →
 * 201 the created wire row (JSON columns as JSON text), which devices pull;
 * `GET` of each → 200 `{forms}`; `PATCH …/:id` → 200 the changed row;
 * `DELETE …/:id` → 204, a tombstone devices pull as deleted.
 * An admin makes, changes and deletes event forms for their own clinics and
 * sees those and the forms for every clinic; forms for every clinic and
 * registration forms (every device pulls them) need a super_admin to change.
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

  routes.get(
    '/api/admin/event-forms',
    {
      ...admin,
      schema: {
        ...doc,
        summary: "The event forms: an admin's clinics' and those for every clinic.",
        response: { 200: eventFormsList, '4xx': errorBody },
      },
    },
    async (request) => {
      const reach = await loadAdminReach(context.db, currentUser(request));
      return { forms: await listEventForms(context.db, reach) };
    },
  );

  routes.patch(
    '/api/admin/event-forms/:id',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'Change an event form; devices pull it (an admin: forms of their clinics).',
        params: formIdParams,
        body: eventFormChangesBody,
        response: { 200: wireRowSchema('event_forms'), '4xx': errorBody },
      },
    },
    async (request) => {
      const reach = await loadAdminReach(context.db, currentUser(request));
      return changeEventForm(context.db, reach, request.params.id, request.body);
    },
  );

  routes.delete(
    '/api/admin/event-forms/:id',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'Delete an event form; devices pull it as deleted (an admin: their clinics).',
        params: formIdParams,
        response: { 204: z.void().meta({ description: 'Deleted.' }), '4xx': errorBody },
      },
    },
    async (request, reply) => {
      const reach = await loadAdminReach(context.db, currentUser(request));
      await deleteForm(context.db, reach, 'event_forms', request.params.id);
      return reply.status(204).send();
    },
  );

  routes.get(
    '/api/admin/registration-forms',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'The patient registration forms (for every clinic).',
        response: { 200: registrationFormsList, '4xx': errorBody },
      },
    },
    async () => ({ forms: await listRegistrationForms(context.db) }),
  );

  routes.patch(
    '/api/admin/registration-forms/:id',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'Change a registration form; every device pulls it (super_admin).',
        params: formIdParams,
        body: registrationFormChangesBody,
        response: { 200: wireRowSchema('registration_forms'), '4xx': errorBody },
      },
    },
    async (request) => {
      const acting = currentUser(request);
      const reach = await loadAdminReach(context.db, acting);
      requireReach(organisationRefusal(reach, 'change a registration form'));
      return changeRegistrationForm(context.db, request.params.id, request.body, acting.id);
    },
  );

  routes.delete(
    '/api/admin/registration-forms/:id',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'Delete a registration form; devices pull it as deleted (super_admin).',
        params: formIdParams,
        response: { 204: z.void().meta({ description: 'Deleted.' }), '4xx': errorBody },
      },
    },
    async (request, reply) => {
      const reach = await loadAdminReach(context.db, currentUser(request));
      requireReach(organisationRefusal(reach, 'delete a registration form'));
      await deleteForm(context.db, reach, 'registration_forms', request.params.id);
      return reply.status(204).send();
    },
  );
}

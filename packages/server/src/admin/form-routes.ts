import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../server-context.js';
import { createEventForm, createRegistrationForm } from './create-form.js';
import { newEventFormBody, newRegistrationFormBody } from './form-input.js';
import { parseInput } from './parse-input.js';

/**
 * `POST /api/admin/event-forms` and `POST /api/admin/registration-forms` →
 * 201 the created wire row (JSON columns as JSON text), which devices pull.
 */
export function registerFormRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post('/api/admin/event-forms', async (request, reply) => {
    const admin = await context.requireAdmin(request);
    const input = parseInput(newEventFormBody, request.body, 'body');
    return reply.status(201).send(await createEventForm(context.db, input, admin.id));
  });

  app.post('/api/admin/registration-forms', async (request, reply) => {
    const admin = await context.requireAdmin(request);
    const input = parseInput(newRegistrationFormBody, request.body, 'body');
    return reply.status(201).send(await createRegistrationForm(context.db, input, admin.id));
  });
}

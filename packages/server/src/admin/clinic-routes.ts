import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../server-context.js';
import { createClinic } from './create-user.js';
import { parseInput } from './parse-input.js';

const newClinic = z.strictObject({ name: z.string().trim().min(1).max(200) });

/** `POST /api/admin/clinics {name}` → 201 the clinic's wire row (devices pull it). */
export function registerClinicRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post('/api/admin/clinics', async (request, reply) => {
    const admin = await context.requireAdmin(request);
    const { name } = parseInput(newClinic, request.body, 'body');
    const clinic = await createClinic(context.db, name, admin.id);
    return reply.status(201).send(clinic);
  });
}

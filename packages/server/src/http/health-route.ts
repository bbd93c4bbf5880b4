import { healthAnswer } from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ServerContext } from '../server-context.js';
import { serverVersion } from './server-version.js';

/** `GET /api/health`: liveness, with the engine and whether it answers. No auth. */
export function registerHealthRoute(app: FastifyInstance, context: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      schema: {
        tags: ['server'],
        summary: 'Liveness: the version and whether the database answers.',
        response: { 200: healthAnswer, 503: healthAnswer },
      },
    },
    async (_request, reply) => {
      const answer = { version: serverVersion, database: context.db.engine };
      try {
        await context.db.query('SELECT 1');
        return { ok: true, ...answer };
      } catch {
        return reply.status(503).send({ ok: false, ...answer });
      }
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import type { ServerContext } from '../server-context.js';

const { version } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

/** `GET /api/health`: liveness, with the engine and whether it answers. No auth. */
export function registerHealthRoute(app: FastifyInstance, context: ServerContext): void {
  app.get('/api/health', async (_request, reply) => {
    try {
      await context.db.query('SELECT 1');
      return { ok: true, version, database: context.db.engine };
    } catch {
      return reply.status(503).send({ ok: false, version, database: context.db.engine });
    }
  });
}

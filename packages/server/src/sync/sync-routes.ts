import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../server-context.js';
import { handlePull } from './pull-route.js';
import { handlePush } from './push-route.js';

/** `/api/v2/sync`: what stock WatermelonDB apps and our SDK sync through. */
export function registerSyncRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/api/v2/sync', (request, reply) => handlePull(context, request, reply));
  app.post('/api/v2/sync', (request) => handlePush(context, request));
}

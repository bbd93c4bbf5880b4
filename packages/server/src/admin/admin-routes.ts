import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../server-context.js';

/** The administration calls of PROTOCOL.md. */
export function registerAdminRoutes(app: FastifyInstance, context: ServerContext): void {
  void app;
  void context;
}

import type { FastifyInstance } from 'fastify';

/**
 * `Cache-Control: no-store` on every answer under `/api/`, errors included:
 * pulls, pushes, lookups, administration and sign-in answers carry patient
 * data, users or tokens, which no browser cache, shared proxy or service
 * worker may keep. One rule for the whole prefix, so a new route cannot
 * forget it. The web app's own files (outside `/api/`) keep their caching.
 *
 * @example
 * installNoStore(app); // before the routes are registered
 */
export function installNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    return payload;
  });
}

import { devicesList, devicesQuery, errorBody } from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { administrator, currentUser } from '../auth/route-auth.js';
import type { ServerContext } from '../server-context.js';
import { loadAdminReach, requireReach, seeRefusal } from './admin-reach.js';
import { listDevices } from './list-devices.js';
import { reachTarget, readAdminUser } from './read-admin-users.js';

/**
 * `GET /api/admin/devices?user_id` → `{devices: [{user, device, last_pull_at,
 * last_push_at, schema_version, pending_rejections}]}`, from the sync log. An
 * admin sees the devices of their clinics' users; naming a user they may not
 * see is 403, an unknown user 404.
 */
export function registerDeviceRoutes(app: FastifyInstance, context: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/admin/devices',
    {
      onRequest: administrator(context),
      schema: {
        tags: ['admin'],
        security: [{ bearer: [] }],
        summary: "Each user's devices: last pull and push, schema version, pending rejections.",
        querystring: devicesQuery,
        response: { 200: devicesList, '4xx': errorBody },
      },
    },
    async (request) => {
      const reach = await loadAdminReach(context.db, currentUser(request));
      const userId = request.query.user_id;
      if (userId !== undefined) {
        requireReach(seeRefusal(reach, reachTarget(await readAdminUser(context.db, userId))));
      }
      return { devices: await listDevices(context.db, reach, userId) };
    },
  );
}

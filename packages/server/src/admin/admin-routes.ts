import type { FastifyInstance } from 'fastify';
import { registerExportRoutes } from '../export/export-routes.js';
import type { ServerContext } from '../server-context.js';
import { registerClinicRoutes } from './clinic-routes.js';
import { registerConflictRoutes } from './conflict-routes.js';
import { registerDeviceRoutes } from './device-routes.js';
import { registerFormRoutes } from './form-routes.js';
import { registerLogRoutes } from './log-routes.js';
import { registerMembershipRoutes } from './membership-routes.js';
import { registerUserRoutes } from './user-routes.js';

/**
 * The administration calls of PROTOCOL.md. Each needs the Bearer token of an
 * administrator (401 without valid credentials, 403 for anyone else) and
 * checks that first, so a stranger learns nothing from validation errors.
 */
export function registerAdminRoutes(app: FastifyInstance, context: ServerContext): void {
  registerClinicRoutes(app, context);
  registerUserRoutes(app, context);
  registerMembershipRoutes(app, context);
  registerFormRoutes(app, context);
  registerLogRoutes(app, context);
  registerConflictRoutes(app, context);
  registerDeviceRoutes(app, context);
  registerExportRoutes(app, context);
}

import {
  adminUserAnswer,
  errorBody,
  newUserBody,
  userAnswer,
  userChangesBody,
  userIdParams,
} from '@clinicsync/schema';
import type { Role } from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { administrator, currentUser } from '../auth/route-auth.js';
import { toUserAnswer } from '../auth/users.js';
import { AppError } from '../errors.js';
import type { ServerContext } from '../server-context.js';
import { createUser } from './create-user.js';
import { updateUser } from './update-user.js';

/** PostgreSQL's unique_violation: two creations of one email raced past the check. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

/** Only a super administrator may make another one: an admin's reach stays below theirs. */
function requireRoleGrant(actingRole: Role, grantedRole: Role | undefined): void {
  if (grantedRole === 'super_admin' && actingRole !== 'super_admin') {
    throw new AppError('forbidden', 'Only a super_admin may grant the super_admin role.');
  }
}

/**
 * `POST /api/admin/users` → 201 `{id, email, name, role, clinic_id}`;
 * `PATCH /api/admin/users/:id` → 200 `{id, email, name, role, clinic_id, disabled}`.
 * Neither answer carries the password or its hash.
 */
export function registerUserRoutes(app: FastifyInstance, context: ServerContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const admin = { onRequest: administrator(context) };
  const doc = { tags: ['admin'], security: [{ bearer: [] }] };

  routes.post(
    '/api/admin/users',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'Create a user, with permissions in their clinic.',
        body: newUserBody,
        response: { 201: userAnswer, '4xx': errorBody },
      },
    },
    async (request, reply) => {
      const acting = currentUser(request);
      const body = request.body;
      requireRoleGrant(acting.role, body.role);
      const input = {
        email: body.email,
        password: body.password,
        name: body.name,
        role: body.role,
        clinicId: body.clinic_id,
        permissions: body.permissions,
      };
      const user = await createUser(context.db, input, acting.id).catch((error: unknown) => {
        if (!isUniqueViolation(error)) throw error;
        throw new AppError('email_taken', `A user with the email ${body.email} exists.`);
      });
      return reply.status(201).send(toUserAnswer(user));
    },
  );

  routes.patch(
    '/api/admin/users/:id',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'Change a user: name, role, password, home clinic, permissions; disable.',
        params: userIdParams,
        body: userChangesBody,
        response: { 200: adminUserAnswer, '4xx': errorBody },
      },
    },
    (request) => {
      const acting = currentUser(request);
      const body = request.body;
      requireRoleGrant(acting.role, body.role);
      return updateUser(
        context.db,
        request.params.id,
        {
          name: body.name,
          role: body.role,
          password: body.password,
          clinicId: body.clinic_id,
          permissions: body.permissions,
          disabled: body.disabled,
        },
        acting.id,
      );
    },
  );
}

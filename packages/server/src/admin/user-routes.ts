import type { FastifyInstance } from 'fastify';
import { userAnswer } from '../auth/users.js';
import type { Role } from '../auth/users.js';
import { AppError } from '../errors.js';
import type { ServerContext } from '../server-context.js';
import { createUser } from './create-user.js';
import { parseInput } from './parse-input.js';
import { updateUser } from './update-user.js';
import { newUserBody, userChangesBody, userIdParams } from './user-input.js';

/** PostgreSQL's unique_violation: two creations of one email raced past the check. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

/**
 * `POST /api/admin/users` → 201 `{id, email, name, role, clinic_id}`;
 * `PATCH /api/admin/users/:id` → 200 `{id, email, name, role, clinic_id, disabled}`.
 * Neither answer carries the password or its hash.
 */
/** Only a super administrator may make another one: an admin's reach stays below theirs. */
function requireRoleGrant(actingRole: Role, grantedRole: Role | undefined): void {
  if (grantedRole === 'super_admin' && actingRole !== 'super_admin') {
    throw new AppError('forbidden', 'Only a super_admin may grant the super_admin role.');
  }
}

export function registerUserRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post('/api/admin/users', async (request, reply) => {
    const admin = await context.requireAdmin(request);
    const body = parseInput(newUserBody, request.body, 'body');
    requireRoleGrant(admin.role, body.role);
    const input = {
      email: body.email,
      password: body.password,
      name: body.name,
      role: body.role,
      clinicId: body.clinic_id,
      permissions: body.permissions,
    };
    const user = await createUser(context.db, input, admin.id).catch((error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      throw new AppError('email_taken', `A user with the email ${body.email} exists.`);
    });
    return reply.status(201).send(userAnswer(user));
  });

  app.patch('/api/admin/users/:id', async (request) => {
    const admin = await context.requireAdmin(request);
    const { id } = parseInput(userIdParams, request.params, 'path');
    const body = parseInput(userChangesBody, request.body ?? {}, 'body');
    requireRoleGrant(admin.role, body.role);
    return updateUser(
      context.db,
      id,
      {
        name: body.name,
        role: body.role,
        password: body.password,
        clinicId: body.clinic_id,
        permissions: body.permissions,
        disabled: body.disabled,
      },
      admin.id,
    );
  });
}

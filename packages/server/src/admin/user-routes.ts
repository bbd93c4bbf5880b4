import {
  adminUserAnswer,
  adminUserDetail,
  errorBody,
  newUserBody,
  userAnswer,
  userChangesBody,
  userIdParams,
  userListQuery,
  usersPage,
} from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { administrator, currentUser } from '../auth/route-auth.js';
import { toUserAnswer } from '../auth/users.js';
import { AppError } from '../errors.js';
import type { ServerContext } from '../server-context.js';
import {
  clinicsRefusal,
  grantRefusal,
  loadAdminReach,
  requireReach,
  seeRefusal,
} from './admin-reach.js';
import { createUser } from './create-user.js';
import { listUsers } from './list-users.js';
import { reachTarget, readAdminUser } from './read-admin-users.js';
import { updateUser } from './update-user.js';

/** PostgreSQL's unique_violation: two creations of one email raced past the check. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

/**
 * `POST /api/admin/users` → 201 `{id, email, name, role, clinic_id}`;
 * `PATCH /api/admin/users/:id` → 200 `{id, email, name, role, clinic_id, disabled}`;
 * `GET /api/admin/users/:id` → 200 the same with `clinics`;
 * `GET /api/admin/users?limit&after` → 200 `{users, next}`.
 * An admin reaches only the users of their clinics (admin-reach.ts); no
 * answer carries the password or its hash.
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
      const reach = await loadAdminReach(context.db, acting);
      requireReach(grantRefusal(reach, body.role));
      requireReach(clinicsRefusal(reach, [body.clinic_id]));
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
    async (request) => {
      const body = request.body;
      const reach = await loadAdminReach(context.db, currentUser(request));
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
        reach,
      );
    },
  );

  routes.get(
    '/api/admin/users/:id',
    {
      ...admin,
      schema: {
        ...doc,
        summary: 'A user, with every clinic they belong to and their flags there.',
        params: userIdParams,
        response: { 200: adminUserDetail, '4xx': errorBody },
      },
    },
    async (request) => {
      const reach = await loadAdminReach(context.db, currentUser(request));
      const user = await readAdminUser(context.db, request.params.id);
      requireReach(seeRefusal(reach, reachTarget(user)));
      return user;
    },
  );

  routes.get(
    '/api/admin/users',
    {
      ...admin,
      schema: {
        ...doc,
        summary: "The users, by email: an admin's clinics' users only.",
        querystring: userListQuery,
        response: { 200: usersPage, '4xx': errorBody },
      },
    },
    async (request) => {
      const reach = await loadAdminReach(context.db, currentUser(request));
      return listUsers(context.db, reach, request.query);
    },
  );
}

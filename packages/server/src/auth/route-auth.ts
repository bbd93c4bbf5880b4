import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { ServerContext } from '../server-context.js';
import type { AuthUser } from './users.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, set by `signedIn` or `administrator` before the request is read. */
    authUser: AuthUser | null;
  }
}

/**
 * A route hook that requires a signed-in user (Bearer; Basic too where
 * `allowBasic`, the sync endpoint). It runs when the request arrives, before
 * the body is read or validated, so a caller without credentials learns
 * nothing from validation errors and sends no body for nothing.
 */
export function signedIn(
  context: ServerContext,
  options: { allowBasic?: boolean } = {},
): onRequestAsyncHookHandler {
  return async (request) => {
    request.authUser = await context.requireUser(request, options);
  };
}

/** Like `signedIn`, for an administrator (super_admin or admin): else 401 or 403. */
export function administrator(context: ServerContext): onRequestAsyncHookHandler {
  return async (request) => {
    request.authUser = await context.requireAdmin(request);
  };
}

/** The user an auth hook of this route resolved. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.authUser) throw new Error(`${request.routeOptions.url} has no auth hook`);
  return request.authUser;
}

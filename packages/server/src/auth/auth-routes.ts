import { errorBody, loginAnswer, signInAnswer, signInBody, userAnswer } from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { ServerContext } from '../server-context.js';
import { currentUser, signedIn } from './route-auth.js';
import { issueToken, revokeToken } from './tokens.js';
import { toUserAnswer } from './users.js';

const errors = { '4xx': errorBody };

/** Sign-in (`/api/auth/sign-in`, and `/api/login` for older apps), sign-out and `me`. */
export function registerAuthRoutes(app: FastifyInstance, context: ServerContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const signInLimit = { rateLimit: context.signInRateLimit };

  const signIn = async (body: z.output<typeof signInBody>, clientKey: string) => {
    const user = await context.auth.signIn(body.email, body.password, clientKey);
    if (!user) {
      throw new AppError(
        'unauthorized',
        'The email or password is wrong, or the account is disabled.',
      );
    }
    const { token, expiresAt } = await issueToken(context.db, user.id, context.tokenTtlMs);
    return { user: toUserAnswer(user), token, expires_at: expiresAt.toISOString() };
  };
  // The address is checked when the request arrives, before its body is
  // read; the account once the body names it.
  const notTooManyFailures = async (request: { ip: string }) =>
    context.auth.checkAddress(request.ip);

  routes.post(
    '/api/auth/sign-in',
    {
      config: signInLimit,
      onRequest: notTooManyFailures,
      schema: {
        tags: ['auth'],
        summary: 'Sign in: a token for Authorization: Bearer.',
        body: signInBody,
        response: { 200: signInAnswer, ...errors },
      },
    },
    (request) => signIn(request.body, request.ip),
  );

  routes.post(
    '/api/login',
    {
      config: signInLimit,
      onRequest: notTooManyFailures,
      schema: {
        tags: ['auth'],
        summary: 'Sign in, as older Hikma apps do: the user and the token side by side.',
        body: signInBody,
        response: { 200: loginAnswer, ...errors },
      },
    },
    async (request) => {
      const { user, token, expires_at } = await signIn(request.body, request.ip);
      return { ...user, token, expires_at };
    },
  );

  routes.post(
    '/api/auth/sign-out',
    {
      onRequest: signedIn(context),
      schema: {
        tags: ['auth'],
        summary: 'Revoke the token of this request at once.',
        security: [{ bearer: [] }],
        response: { 204: z.void().meta({ description: 'Signed out.' }), ...errors },
      },
    },
    async (request, reply) => {
      const token = request.headers.authorization?.split(' ', 2)[1]?.trim();
      if (token) await revokeToken(context.db, token);
      return reply.status(204).send();
    },
  );

  routes.get(
    '/api/auth/me',
    {
      onRequest: signedIn(context, { allowBasic: true }),
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user.',
        security: [{ bearer: [] }, { basic: [] }],
        response: { 200: userAnswer, ...errors },
      },
    },
    (request) => toUserAnswer(currentUser(request)),
  );
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { ServerContext } from '../server-context.js';
import { issueToken, revokeToken } from './tokens.js';
import { userAnswer } from './users.js';

const signInBody = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});

function readSignIn(body: unknown) {
  const parsed = signInBody.safeParse(body);
  if (!parsed.success) {
    throw new AppError('bad_request', 'Send {"email": "…", "password": "…"}.', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

/** Sign-in (`/api/auth/sign-in`, and `/api/login` for older apps) and sign-out. */
export function registerAuthRoutes(app: FastifyInstance, context: ServerContext): void {
  const signInLimit = { config: { rateLimit: context.signInRateLimit } };

  const signIn = async (body: unknown, clientKey: string) => {
    context.failures.check(clientKey);
    const { email, password } = readSignIn(body);
    const user = await context.auth.verifyCredentials(email, password);
    if (!user) {
      context.failures.recordFailure(clientKey);
      throw new AppError(
        'unauthorized',
        'The email or password is wrong, or the account is disabled.',
      );
    }
    const { token, expiresAt } = await issueToken(context.db, user.id, context.tokenTtlMs);
    return { user, token, expiresAt };
  };

  app.post('/api/auth/sign-in', signInLimit, async (request) => {
    const { user, token, expiresAt } = await signIn(request.body, request.ip);
    return {
      user: userAnswer(user),
      token,
      expires_at: expiresAt.toISOString(),
    };
  });

  app.post('/api/login', signInLimit, async (request) => {
    const { user, token, expiresAt } = await signIn(request.body, request.ip);
    return {
      ...userAnswer(user),
      token,
      expires_at: expiresAt.toISOString(),
    };
  });

  app.post('/api/auth/sign-out', async (request, reply) => {
    await context.requireUser(request);
    const token = request.headers.authorization?.split(' ', 2)[1]?.trim();
    if (token) await revokeToken(context.db, token);
    return reply.status(204).send();
  });

  app.get('/api/auth/me', async (request) => {
    return userAnswer(await context.requireUser(request, { allowBasic: true }));
  });
}

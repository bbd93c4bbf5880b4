import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, errorStatus } from '../errors.js';
import type { ErrorCode } from '../errors.js';

function codeForStatus(status: number): ErrorCode {
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'too_many_requests';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  return 'bad_request';
}

/**
 * Every error leaves as `{error: {code, message, details}}`. Client mistakes
 * keep their message; anything else is logged and answered with a message
 * that reveals nothing of the server.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)
        ?.retryAfterSeconds;
      if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
      return reply.status(error.status).send({
        error: { code: error.code, message: error.message, details: error.details ?? null },
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = codeForStatus(status);
      const message =
        code === 'payload_too_large'
          ? 'The request body is larger than this server accepts (MAX_BODY_MB); split it.'
          : code === 'too_many_requests'
            ? 'Too many requests; wait and try again.'
            : error.message;
      return reply.status(status).send({ error: { code, message, details: null } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(errorStatus.internal).send({
      error: {
        code: 'internal',
        message: 'The server failed to handle this request.',
        details: null,
      },
    });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: {
        code: 'not_found',
        message: `No route ${request.method} ${request.url.split('?')[0]}`,
        details: null,
      },
    }),
  );
}

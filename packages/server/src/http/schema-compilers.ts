import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { AppError, errorStatus } from '../errors.js';
import type { ErrorCode } from '../errors.js';

const refusedPart: Record<string, string> = {
  body: 'The request body is not valid.',
  querystring: 'The request query is not valid.',
  params: 'The request path is not valid.',
  headers: 'The request headers are not valid.',
};

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && code in errorStatus;
}

/**
 * Why a request part failed its schema, as an AppError: a schema may name
 * its own error code and details in its issue's `params` (a refused push is
 * `invalid_push` with every problem); otherwise it is a 400 listing every
 * issue by path, so a client fixes them all at once.
 */
function refusal(error: z.ZodError, part: string): AppError {
  const [first] = error.issues;
  const params = (first as { params?: { code?: unknown; details?: unknown } } | undefined)?.params;
  if (first && isErrorCode(params?.code)) {
    return new AppError(params.code, first.message, params.details);
  }
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  return new AppError('bad_request', refusedPart[part] ?? 'The request is not valid.', { issues });
}

const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success
      ? { value: result.data }
      : { error: refusal(result.error, httpPart ?? 'body') };
  };

/**
 * Route schemas are the protocol's zod schemas (`@clinicsync/schema`):
 * requests are parsed with them before a handler runs (a refusal in the
 * PROTOCOL.md error shape), and object answers are encoded with them, which
 * also strips any field an answer's schema does not name.
 */
export function installSchemaCompilers(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
}

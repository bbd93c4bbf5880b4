import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { protocolVersion } from '@clinicsync/schema';

/**
 * Collects every route's schema into an OpenAPI 3.1 document, served at
 * `/api/openapi.json`: the protocol's zod schemas become its JSON Schemas,
 * so the document cannot drift from what the server checks. Register it
 * before any route (it listens for routes as they are added).
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ClinicSync',
        version,
        description:
          `The ClinicSync server: WatermelonDB-compatible sync at /api/v2/sync (wire protocol ${protocolVersion}), ` +
          'sign-in and administration. Errors are {"error": {"code", "message", "details"}}. See docs/api.md.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A token from sign-in.' },
          basic: {
            type: 'http',
            scheme: 'basic',
            description: 'Email and password on every request (the sync endpoint only).',
          },
        },
      },
      tags: [
        { name: 'sync', description: 'Pull and push (WatermelonDB synchronize()).' },
        { name: 'auth', description: 'Sign-in, sign-out and the signed-in user.' },
        { name: 'admin', description: 'Administration: an admin or super_admin token.' },
        { name: 'server', description: 'Health and this document.' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.get(
    '/api/openapi.json',
    { schema: { tags: ['server'], summary: 'This OpenAPI 3.1 document.' } },
    () => app.swagger(),
  );
}

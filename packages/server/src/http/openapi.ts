import { buildDocumentedSchemas, protocolVersion } from '@clinicsync/schema';
import swagger from '@fastify/swagger';
import type { SwaggerTransformObject } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

type Document = ReturnType<SwaggerTransformObject>;

/** The component names `value` refers to, anywhere inside it. */
function refsIn(value: unknown, found: Set<string>): Set<string> {
  JSON.stringify(value, (key, v: unknown) => {
    if (key === '$ref' && typeof v === 'string') found.add(v.split('/').pop()!);
    return v;
  });
  return found;
}

/** Drops the components no path refers to, directly or through another component. */
function dropUnused(document: Document & { components?: { schemas?: Record<string, unknown> } }) {
  const schemas = document.components?.schemas;
  if (!schemas) return document;
  const used = refsIn(document.paths, new Set());
  for (const name of used) refsIn(schemas[name], used);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
  return document;
}

/**
 * The zod provider lists every registered schema twice, as read (`XInput`)
 * and as written (`X`), used or not; most are the same either way. Drops what
 * no route uses, then names each `XInput` `X` where that leaves one of each
 * (the two alike, or `X` unused), so the document reads once.
 */
function tidySchemas(transform: SwaggerTransformObject): SwaggerTransformObject {
  return (input) => {
    let document = dropUnused(
      transform(input) as Document & { components?: { schemas?: Record<string, unknown> } },
    );
    // Merging a pair can make the pairs that refer to it equal too: repeat until none is left.
    for (;;) {
      const schemas = document.components?.schemas ?? {};
      const renamed = new Map<string, string>();
      for (const [name, schema] of Object.entries(schemas)) {
        const twin = name.endsWith('Input') ? name.slice(0, -'Input'.length) : undefined;
        const same =
          twin && (!(twin in schemas) || JSON.stringify(schemas[twin]) === JSON.stringify(schema));
        if (twin && same) {
          renamed.set(`#/components/schemas/${name}`, `#/components/schemas/${twin}`);
        }
      }
      if (renamed.size === 0) return dropUnused(document);
      document = JSON.parse(
        JSON.stringify(document, (key, value: unknown) =>
          key === '$ref' && typeof value === 'string' ? (renamed.get(value) ?? value) : value,
        ),
      ) as typeof document;
      const tidied = document.components!.schemas!;
      for (const [from, to] of renamed) {
        const [name, twin] = [from.split('/').pop()!, to.split('/').pop()!];
        tidied[twin] ??= tidied[name];
        delete tidied[name];
      }
    }
  };
}

/**
 * Collects every route's schema into an OpenAPI 3.1 document, served at
 * `/api/openapi.json`: the protocol's zod schemas become its JSON Schemas,
 * so the document cannot drift from what the server checks. Register it
 * before any route (it listens for routes as they are added).
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  // The row and push body schemas the document refers to by name.
  buildDocumentedSchemas();
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
        { name: 'patients', description: 'Patient lookup and follow (online).' },
        { name: 'server', description: 'Health and this document.' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: tidySchemas(jsonSchemaTransformObject),
  });
  app.get(
    '/api/openapi.json',
    { schema: { tags: ['server'], summary: 'This OpenAPI 3.1 document.' } },
    () => app.swagger(),
  );
}

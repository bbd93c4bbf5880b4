import { Validator } from '@seriousme/openapi-schema-validator';
import { pullAnswer, syncedTables, wireRowSchema } from '@clinicsync/schema';
import type { TableName } from '@clinicsync/schema';
import { seedDatabase } from '@clinicsync/server';
import { pullAllPages, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

let server: TestServer;
let document: {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
};

beforeAll(async () => {
  server = await startTestServer();
  const response = await server.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(response.statusCode).toBe(200);
  document = response.json();
});
afterAll(() => server?.close());

/**
 * Every route of the app as `METHOD /path` (Fastify's `:id` written as
 * OpenAPI's `{id}`), read from `printRoutes`' tree: each level indents four
 * characters and names the rest of the path after its parent.
 */
function registeredRoutes(): string[] {
  const routes: string[] = [];
  const prefixes: string[] = [];
  for (const line of server.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (prefixes[depth - 1] ?? '') + match[2]!;
    prefixes[depth] = path;
    for (const method of match[3]!.split(', ')) {
      // HEAD answers every GET by itself; the web app's catch-all is not the API.
      if (method !== 'HEAD' && path.startsWith('/api/')) {
        routes.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
      }
    }
  }
  return routes.sort();
}

describe('/api/openapi.json', () => {
  test('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test('lists every route of the API, and no other', () => {
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`),
      )
      .sort();
    const registered = registeredRoutes();
    expect(registered).toContain('GET /api/v2/sync');
    expect(registered).toContain('PATCH /api/admin/users/{id}');
    expect(documented).toEqual(registered);
  });

  test('every reference names a schema of the document', () => {
    const names = new Set(Object.keys(document.components.schemas));
    const refs = new Set<string>();
    JSON.stringify(document, (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') refs.add(value);
      return value;
    });
    expect(refs.size).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref.startsWith('#/components/schemas/'), ref).toBe(true);
      expect(names.has(ref.slice('#/components/schemas/'.length)), ref).toBe(true);
    }
  });

  test("describes every synced table's pulled and pushed rows", () => {
    for (const table of syncedTables) {
      expect(document.components.schemas).toHaveProperty([`${table.name}.Row`]);
      expect(document.components.schemas).toHaveProperty([`${table.name}.PushedRow`]);
    }
  });
});

test('a seeded data set pulls as the documented answer, every row as its table says', async () => {
  await seedDatabase(server.database.db, { seed: 5, clinics: 1, patients: 30 });
  const { pages } = await pullAllPages(server.app, { auth: server.admin.basic }, 0, 100);
  expect(pages.length).toBeGreaterThan(1);
  let rows = 0;
  for (const page of pages) {
    expect(pullAnswer.safeParse(page).success).toBe(true);
    for (const [table, changes] of Object.entries(page.changes)) {
      const schema = wireRowSchema(table as TableName);
      for (const row of [...changes!.created, ...changes!.updated]) {
        const parsed = schema.safeParse(row);
        expect(parsed.success, `${table} ${row.id}: ${parsed.error?.message}`).toBe(true);
        rows++;
      }
    }
  }
  expect(rows).toBeGreaterThan(200);
});

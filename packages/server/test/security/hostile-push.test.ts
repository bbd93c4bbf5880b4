import fc from 'fast-check';
import { getTable, tables } from '@clinicsync/schema';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { asPushed, clinicalRow, makeRow, writerLinks } from '@clinicsync/testing/fixtures';
import {
  allPermissions,
  pull,
  snapshotDatabase,
  startTestServer,
} from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';

// Hostile input: every answer is a correct 200 or a 4xx in the PROTOCOL.md
// shape, never a 5xx, and a refused push writes nothing.
let server: TestServer;
let user: TestUser;
let cursor: number;

beforeAll(async () => {
  server = await startTestServer();
  user = await server.addUser('provider', allPermissions);
  cursor = (await pull(server.app, { auth: user.basic }, 0)).timestamp;
});
afterAll(() => server.close());

async function sendPush(payload: string) {
  return server.app.inject({
    method: 'POST',
    url: `/api/v2/sync?last_pulled_at=${cursor}`,
    headers: { authorization: user.basic, 'content-type': 'application/json' },
    payload,
  });
}

function expectWellFormed(response: { statusCode: number; body: string }) {
  expect(response.statusCode, response.body).toBeLessThan(500);
  if (response.statusCode >= 400) {
    const body = JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code).toBe('string');
    expect(typeof body.error?.message).toBe('string');
  }
}

const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    "'; DROP TABLE patients; --",
    '"); DELETE FROM users; --',
    '__proto__',
    'constructor',
    'toString',
    '\u0000',
    '\ud800',
    '\u202e\u0645\u0631\u062d\u0628\u0627',
    '../../etc/passwd',
    'a/b\\c"d\'e',
    '𝕳𝖎𝖐𝖒𝖆 🩺',
  ),
);

const columnNames = [...new Set(tables.flatMap((t) => t.columns.map((c) => c.name)))];
const key = fc.oneof(hostileString, fc.constantFrom('id', '_status', '_changed', ...columnNames));
const value = fc.oneof(
  hostileString,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(hostileString, fc.integer(), { maxKeys: 3 }),
);
const record = fc.dictionary(key, value, { maxKeys: 8 });
const tableName = fc.oneof(fc.constantFrom(...tables.map((t) => t.name)), hostileString);
const tableChanges = fc.record(
  {
    created: fc.oneof(fc.array(record, { maxLength: 3 }), value),
    updated: fc.oneof(fc.array(record, { maxLength: 3 }), value),
    deleted: fc.oneof(fc.array(fc.oneof(hostileString, value), { maxLength: 3 }), value),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.dictionary(tableName, tableChanges, { maxKeys: 3 }),
  fc.record({
    changes: fc.dictionary(tableName, tableChanges, { maxKeys: 3 }),
    lastPulledAt: value,
  }),
  value,
);

test('arbitrary push bodies get a 200 or a well-formed 4xx, and a refusal writes nothing', async () => {
  await fc.assert(
    fc.asyncProperty(body, async (payload) => {
      const before = await snapshotDatabase(server.database.db);
      const response = await sendPush(JSON.stringify(payload));
      expectWellFormed(response);
      if (response.statusCode >= 400)
        expect(await snapshotDatabase(server.database.db)).toBe(before);
    }),
    { numRuns: 150 },
  );
});

test('valid-looking records with hostile values are stored exactly or refused whole', async () => {
  const patients = getTable('patients');
  const textColumns = patients.columns.filter((c) => c.kind === 'text').map((c) => c.name);
  // A column naming the writer takes the pusher's id whatever it was sent (PROTOCOL.md, "Writes").
  const writerColumns = new Set(Object.keys(writerLinks('patients', user.id)));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...textColumns), hostileString, async (column, text) => {
      const row = clinicalRow('patients', server.clinicId, { [column]: text });
      const response = await sendPush(
        JSON.stringify({ patients: { created: [asPushed(row, 'created')] } }),
      );
      expectWellFormed(response);
      if (response.statusCode === 200) {
        const answer = response.json<{ rejected?: { id: string }[] }>();
        const refused = (answer.rejected ?? []).some((r) => r.id === row.id);
        const all = await pull(server.app, { auth: server.admin.basic }, 0);
        const stored = all.changes.patients?.created.find((r) => r.id === row.id);
        const named = writerColumns.has(column) && text !== '' ? { [column]: user.id } : {};
        expect(stored).toEqual(refused ? undefined : { ...row, ...named });
      }
    }),
    { numRuns: 60 },
  );
});

test('deep nesting, huge strings and prototype keys', async () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const cases = [
    deep,
    `{"patients":${deep}}`,
    JSON.stringify({ patients: { created: [{ ...makeRow('patients'), metadata: deep }] } }),
    JSON.stringify({
      patients: { created: [{ ...makeRow('patients'), hometown: 'x'.repeat(5_000_000) }] },
    }),
    '{"__proto__":{"polluted":true}}',
    '{"patients":{"created":[{"id":"a","constructor":{"prototype":{"polluted":true}}}]}}',
    '{"constructor":{"created":[]}}',
    JSON.stringify({
      patients: {
        created: [asPushed(makeRow('patients', { id: 'same' }), 'created')],
        deleted: ['same'],
      },
    }),
  ];
  for (const payload of cases) expectWellFormed(await sendPush(payload));
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  const health = await server.app.inject({ method: 'GET', url: '/api/health' });
  expect(health.json()).toMatchObject({ ok: true });
});

test('arbitrary pull parameters get a 200 or a well-formed 4xx', async () => {
  const param = fc.constantFrom(
    'last_pulled_at',
    'lastPulledAt',
    'schema_version',
    'schemaVersion',
    'migration',
    'limit',
    'next',
  );
  await fc.assert(
    fc.asyncProperty(
      fc.dictionary(
        param,
        fc.oneof(hostileString, fc.integer().map(String), fc.double().map(String)),
      ),
      async (query) => {
        const search = new URLSearchParams(query).toString();
        const response = await server.app.inject({
          method: 'GET',
          url: `/api/v2/sync?${search}`,
          headers: { authorization: user.basic },
        });
        expectWellFormed(response);
      },
    ),
    { numRuns: 150 },
  );
});

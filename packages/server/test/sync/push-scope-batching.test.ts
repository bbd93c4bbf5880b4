import type { AnyWireRow } from '@clinicsync/schema';
import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { buildApp, createClinic } from '@clinicsync/server';
import type { Database, Transaction } from '@clinicsync/server';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';

// A push is judged and written in a fixed number of statements per table,
// whatever its size: the same real database, seen through a wrapper that
// counts what is sent to it.

let server: TestServer;
let app: FastifyInstance;
let user: TestUser;
let statements = 0;
let clinicB: string;

function counted<T extends object>(
  target: T,
  wrap: (value: unknown, key: PropertyKey) => unknown,
): T {
  return new Proxy(target, {
    get(t, key) {
      const value: unknown = Reflect.get(t, key, t);
      return wrap(typeof value === 'function' ? value.bind(t) : value, key);
    },
  });
}

function countingDatabase(db: Database): Database {
  const countQuery = (value: unknown, key: PropertyKey) =>
    key === 'query'
      ? (...args: unknown[]) => {
          statements++;
          return (value as (...a: unknown[]) => unknown)(...args);
        }
      : value;
  return counted(db, (value, key) =>
    key === 'transaction'
      ? (work: (tx: Transaction) => Promise<unknown>, isolation?: unknown) =>
          db.transaction((tx) => work(counted(tx, countQuery)), isolation as never)
      : countQuery(value, key),
  );
}

beforeAll(async () => {
  server = await startTestServer();
  app = await buildApp({ logger: false, db: countingDatabase(server.database.db) });
  clinicB = (await createClinic(server.database.db, 'Clinic B', null)).id;
  user = await server.addUser('provider', allPermissions);
});
afterAll(async () => {
  await app.close();
  await server.close();
});

/** A push of `n` records in each of four tables: creates, edits of earlier ones, and refusals. */
function body(n: number, earlier: readonly AnyWireRow[]) {
  const patients = Array.from({ length: n }, () =>
    makeRow('patients', { primary_clinic_id: server.clinicId }),
  );
  const refused = Array.from({ length: n }, () =>
    makeRow('patients', { primary_clinic_id: clinicB }),
  );
  const visits = patients.map((p) =>
    makeRow('visits', { patient_id: p.id, clinic_id: server.clinicId, provider_id: user.id }),
  );
  const events = visits.map((v) =>
    makeRow('events', { patient_id: v['patient_id'], visit_id: v.id, recorded_by_user_id: 'x' }),
  );
  return {
    patients,
    changes: {
      patients: {
        created: [...patients, ...refused].map((p) => asPushed(p, 'created')),
        updated: earlier.map((p) => asPushed({ ...p, phone: 'edited' }, 'updated', ['phone'])),
      },
      visits: { created: visits.map((v) => asPushed(v, 'created')) },
      events: { created: events.map((e) => asPushed(e, 'created')) },
    },
  };
}

async function statementsFor(n: number, earlier: readonly AnyWireRow[], cursor: number) {
  const { patients, changes } = body(n, earlier);
  const before = statements;
  const result = await push(app, { auth: user.basic }, cursor, changes);
  expect(result.status).toBe(200);
  expect(result.body['rejected']).toHaveLength(n);
  return { count: statements - before, patients };
}

test('a push of a dozen records and one of 10,000 send the same number of statements', async () => {
  const cursor = (await pull(app, { auth: user.basic }, 0)).timestamp;
  const warm = await statementsFor(3, [], cursor);
  const small = await statementsFor(3, warm.patients, cursor);
  const large = await statementsFor(2500, [...warm.patients, ...small.patients], cursor);
  expect(large.count).toBe(small.count);
  // Scope, cursor, judging (one per table, four for the rest), the write and the sync log.
  expect(small.count).toBeLessThan(30);
});

import type { AnyWireRow, PullResponse } from '@clinicsync/schema';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';

// Several writers push while a reader pulls with its cursor. On PostgreSQL the
// transactions truly overlap (a pool of connections); on PGlite they queue.
// With TEST_DATABASE_READ_URL (.ci/replica) the pulls read from a streaming
// replica that lags behind the pushes.
const writerCount = 4;
const pushesPerWriter = 12;
const rowsPerPush = 40;

let server: TestServer;
let writers: TestUser[];
let reader: TestUser;

beforeAll(async () => {
  server = await startTestServer({ readReplica: true });
  writers = await Promise.all(
    Array.from({ length: writerCount }, () => server.addUser('provider', allPermissions)),
  );
  reader = await server.addUser('provider', allPermissions);
});
afterAll(() => server.close());

function applyPull(state: Map<string, AnyWireRow>, response: PullResponse) {
  for (const [table, changes] of Object.entries(response.changes)) {
    const ids = [...changes.created, ...changes.updated].map((r) => r.id).concat(changes.deleted);
    expect(new Set(ids).size, `an id twice in one pull of ${table}`).toBe(ids.length);
    for (const row of [...changes.created, ...changes.updated])
      state.set(`${table}/${row.id}`, row);
    for (const id of changes.deleted) state.delete(`${table}/${id}`);
  }
}

async function runWriter(user: TestUser, written: Set<string>) {
  let cursor = (await pull(server.app, { auth: user.basic }, 0)).timestamp;
  const mine: AnyWireRow[] = [];
  for (let i = 0; i < pushesPerWriter; i++) {
    const created = Array.from({ length: rowsPerPush }, () =>
      makeRow('patients', { given_name: `w${user.id}`, primary_clinic_id: server.clinicId }),
    );
    const updated = mine.slice(-10).map((r) => ({ ...r, phone: `${i}-${Math.random()}` }));
    const result = await push(server.app, { auth: user.basic }, cursor, {
      patients: {
        created: created.map((r) => asPushed(r, 'created')),
        updated: updated.map((r) => asPushed(r, 'updated', ['phone'])),
      },
    });
    expect(result.status).toBe(200);
    for (const r of created) written.add(`patients/${r.id}`);
    mine.push(...created);
    cursor = (await pull(server.app, { auth: user.basic }, cursor)).timestamp;
  }
}

test('a reader pulling during concurrent pushes misses nothing and never sees an id twice', async () => {
  const written = new Set<string>();
  const state = new Map<string, AnyWireRow>();
  let cursor = 0;
  let done = false;
  let pulls = 0;
  const readerLoop = (async () => {
    while (!done) {
      const response = await pull(server.app, { auth: reader.basic }, cursor);
      applyPull(state, response);
      cursor = response.timestamp;
      pulls++;
      // A short pause lets queued writers through on PGlite, whose one connection is not fair.
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
  })();
  await Promise.all(writers.map((w) => runWriter(w, written)));
  done = true;
  await readerLoop;
  await server.replica?.catchUp();
  applyPull(state, await pull(server.app, { auth: reader.basic }, cursor));

  expect(pulls).toBeGreaterThan(1);
  const truth = new Map<string, AnyWireRow>();
  applyPull(truth, await pull(server.app, { auth: server.admin.basic }, 0));
  const patients = (m: Map<string, AnyWireRow>) =>
    [...m].filter(([k]) => k.startsWith('patients/')).sort(([a], [b]) => a.localeCompare(b));
  expect(patients(state)).toEqual(patients(truth));
  for (const id of written) expect(state.has(id), `missed ${id}`).toBe(true);
  expect(written.size).toBe(writerCount * pushesPerWriter * rowsPerPush);
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import type { Transaction } from '../../src/db/database.js';
import { clinicsAreBroad } from '../../src/scope/pull-scope.js';
import type { PullScopeKeys } from '../../src/scope/pull-scope.js';
import { resolvePullScope } from '../../src/sync/pull/pull-snapshot.js';
import type { PullScope } from '../../src/sync/pull/pull-sql.js';
import type { PullCounts } from '../../src/sync/pull/read-changes.js';
import { PageBudget } from '../../src/sync/pull/page-budget.js';
import { readPage } from '../../src/sync/pull/read-page.js';
import {
  follow,
  makeChart,
  startScopeServer,
  writeCharts,
  writeRows,
} from './support/scope-world.js';

// A page finds the rows of a clinic's patients one of two ways (pull-sql.ts,
// inScopeNow): by looking each patient's rows up, or, where the clinics hold
// a large share of all patients, by walking the table in id order and
// testing each row. Both must send exactly the same pages.

let server: TestServer;
let provider: TestUser;
let otherClinic: string;

beforeAll(async () => {
  server = await startScopeServer();
  otherClinic = await server.addClinic('Other clinic');
  provider = await server.addUser('provider', allPermissions);
  const home = Array.from({ length: 8 }, (_, i) => makeChart(server.clinicId, `Home ${i}`));
  const away = Array.from({ length: 3 }, (_, i) => makeChart(otherClinic, `Away ${i}`));
  await writeCharts(server, [...home, ...away]);
  // In scope by a follow, and by a visit at the provider's clinic.
  await follow(server, provider.id, away[0]!.patient.id);
  await writeRows(server, [
    {
      table: 'visits',
      created: [makeRow('visits', { patient_id: away[1]!.patient.id, clinic_id: server.clinicId })],
    },
  ]);
});
afterAll(() => server?.close());

/** The provider's scope at `at` from cursor `since`, its patients found the given way. */
async function scopeAs(
  tx: Transaction,
  since: number,
  at: number,
  broad: boolean,
): Promise<PullScope> {
  const scope = await resolvePullScope(
    { tx, primary: tx },
    {
      since,
      at,
      withDeleted: since > 0,
      user: provider,
      migration: null,
    },
  );
  const patient = scope.keys.patient;
  expect('patientsOf' in patient.now).toBe(true);
  const keys: PullScopeKeys = {
    ...scope.keys,
    patient: { ...patient, now: { ...patient.now, broad } },
  };
  return { ...scope, keys };
}

/** Every page of the pull, `limit` records at a time, as JSON text. */
async function readAllPages(tx: Transaction, scope: PullScope, limit: number): Promise<string[]> {
  const pages: string[] = [];
  let position = { table: 0, afterId: '' };
  const budget = new PageBudget();
  for (;;) {
    const counts: PullCounts = {};
    const page = await readPage(tx, scope, position, limit, budget, counts);
    pages.push(page.changes);
    if (!page.next) return pages;
    position = page.next;
  }
}

async function bothWays(since: number, at: number, limit: number) {
  return server.database.db.transaction(async (tx) => ({
    walked: await readAllPages(tx, await scopeAs(tx, since, at, true), limit),
    looked: await readAllPages(tx, await scopeAs(tx, since, at, false), limit),
  }));
}

describe('pages of a clinic scope', () => {
  test('are the same whether rows are walked in id order or looked up by patient', async () => {
    const first = await pull(server.app, { auth: provider.basic }, 0);
    for (const limit of [1, 4, 1000]) {
      const { walked, looked } = await bothWays(0, first.timestamp, limit);
      expect(walked).toEqual(looked);
      expect(walked.join('')).toContain('Home 7');
      expect(walked.join('')).toContain('Away 0');
      expect(walked.join('')).toContain('Away 1');
      expect(walked.join('')).not.toContain('Away 2');
    }
  });

  test('after edits and deletes, an incremental pull is the same both ways, tombstones included', async () => {
    const since = (await pull(server.app, { auth: provider.basic }, 0)).timestamp;
    const added = makeChart(server.clinicId, 'Later');
    await writeCharts(server, [added]);
    const [row] = await server.database.db.query<{ id: string }>(
      `SELECT id FROM visits WHERE clinic_id = $1 ORDER BY id LIMIT 1`,
      [server.clinicId],
    );
    await writeRows(server, [
      { table: 'visits', deleted: [row!.id] },
      { table: 'patients', updated: [{ id: added.patient.id, given_name: 'Later edited' }] },
    ]);
    const at = (await pull(server.app, { auth: provider.basic }, since)).timestamp;
    const { walked, looked } = await bothWays(since, at, 2);
    expect(walked).toEqual(looked);
    expect(walked.join('')).toContain('Later edited');
    expect(walked.join('')).toContain(row!.id);
  });

  test('walking is chosen when the clinics hold a quarter or more of all patients', async () => {
    const at = (await pull(server.app, { auth: provider.basic }, 0)).timestamp;
    const broad = () =>
      server.database.db.transaction((tx) => clinicsAreBroad(tx, [server.clinicId], at));
    expect(await broad()).toBe(true);
    await writeCharts(
      server,
      Array.from({ length: 40 }, (_, i) => makeChart(otherClinic, `Crowd ${i}`)),
    );
    await server.database.db.query('ANALYZE patients');
    expect(await broad()).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asPushed, clinicalRow, makeRow } from '@clinicsync/testing/fixtures';
import {
  allPermissions,
  mergeChanges,
  pull,
  pullAllPages,
  push,
  startTestServer,
} from '@clinicsync/testing/server';
import type { PullResponse } from '@clinicsync/schema';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { PageBudget } from '../../src/sync/pull/page-budget.js';

// A page of a paged pull holds at most `limit` records and about the
// server's page budget in bytes: a table of large records (events with
// their form data) comes a few to a page, small ones many, and the pages
// together are still exactly the unpaged pull.

describe('PageBudget', () => {
  test('asks a table for what the bytes left hold, by its records seen so far', () => {
    const budget = new PageBudget(40_000);
    // Not seen yet: taken to be large (4 KiB a record).
    expect(budget.rowsFor('events', 40_000, 5000)).toBe(9);
    budget.observe('events', 10, 20_000);
    expect(budget.rowsFor('events', 40_000, 5000)).toBe(20);
    // Half the last page, half what came before.
    budget.observe('events', 10, 60_000);
    expect(budget.rowsFor('events', 40_000, 5000)).toBe(10);
    budget.observe('visits', 100, 10_000);
    expect(budget.rowsFor('visits', 40_000, 5000)).toBe(400);
    expect(budget.rowsFor('visits', 40_000, 7)).toBe(7);
  });

  test('always asks for at least one record, so a pull moves forward', () => {
    const budget = new PageBudget(1000);
    budget.observe('events', 1, 50_000);
    expect(budget.rowsFor('events', 1000, 5000)).toBe(1);
    expect(budget.rowsFor('events', -200, 5000)).toBe(1);
  });

  test('refuses a budget that is not a positive number of bytes', () => {
    expect(() => new PageBudget(0)).toThrow(RangeError);
    expect(() => new PageBudget(Number.NaN)).toThrow(RangeError);
  });
});

const pageBytes = 6000;
let server: TestServer;
let alice: TestUser;

beforeAll(async () => {
  server = await startTestServer({ pageBytes });
  alice = await server.addUser('provider', allPermissions);
  const cursor = (await pull(server.app, { auth: alice.basic }, 0)).timestamp;
  const patients = Array.from({ length: 40 }, (_, i) =>
    clinicalRow('patients', server.clinicId, { given_name: `P${i}` }),
  );
  const visits = patients.map((p) => clinicalRow('visits', server.clinicId, { patient_id: p.id }));
  // About 1.6 KB of JSON each: three or four to a page of 6,000 bytes.
  const events = visits.map((v, i) =>
    makeRow('events', {
      patient_id: v['patient_id'],
      visit_id: v.id,
      form_data: JSON.stringify({ notes: `${i} `.padEnd(1500, 'x') }),
    }),
  );
  await push(server.app, { auth: alice.basic }, cursor, {
    patients: { created: patients.map((r) => asPushed(r, 'created')) },
    visits: { created: visits.map((r) => asPushed(r, 'created')) },
    events: { created: events.map((r) => asPushed(r, 'created')) },
  });
});
afterAll(() => server.close());

const recordsIn = (answer: PullResponse) =>
  Object.values(answer.changes).reduce(
    (n, c) => n + c.created.length + c.updated.length + c.deleted.length,
    0,
  );
const bytesOf = (answer: PullResponse) => JSON.stringify(answer.changes).length;

describe('a paged pull under a page budget', () => {
  test('large records come a few to a page, and the pages are exactly the unpaged pull', async () => {
    const whole = await pull(server.app, { auth: alice.basic }, 0);
    const limit = 1000;
    const { pages } = await pullAllPages(server.app, { auth: alice.basic }, 0, limit);
    expect(recordsIn(whole)).toBeLessThan(limit);
    // The records would fit one page by count; the bytes make many.
    expect(pages.length).toBeGreaterThan(Math.floor(bytesOf(whole) / pageBytes));
    const ids = pages.flatMap((p) =>
      Object.entries(p.changes).flatMap(([t, c]) =>
        [...c.created, ...c.updated].map((r) => `${t}/${r.id}`),
      ),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(mergeChanges(pages)).toEqual(mergeChanges([whole]));
    for (const [i, page] of pages.entries()) {
      // Each page moves the pull forward; only the last may come back empty.
      if (i < pages.length - 1) expect(recordsIn(page)).toBeGreaterThan(0);
      // A soft bound, from each table's mean record size: never far over.
      if (recordsIn(page) > 1) expect(bytesOf(page)).toBeLessThan(2 * pageBytes);
    }
    const eventsPerPage = pages
      .map((p) => p.changes['events']?.created.length ?? 0)
      .filter((n) => n > 0);
    expect(Math.max(...eventsPerPage)).toBeLessThanOrEqual(6);
  });

  test('records larger than the whole budget still come, soon one to a page', async () => {
    const cursor = (await pull(server.app, { auth: alice.basic }, 0)).timestamp;
    const patient = clinicalRow('patients', server.clinicId);
    const visit = clinicalRow('visits', server.clinicId, { patient_id: patient.id });
    const huge = Array.from({ length: 3 }, () =>
      makeRow('events', {
        patient_id: patient.id,
        visit_id: visit.id,
        form_data: JSON.stringify({ scan: 'y'.repeat(3 * pageBytes) }),
      }),
    );
    await push(server.app, { auth: alice.basic }, cursor, {
      patients: { created: [asPushed(patient, 'created')] },
      visits: { created: [asPushed(visit, 'created')] },
      events: { created: huge.map((r) => asPushed(r, 'created')) },
    });
    const { pages } = await pullAllPages(server.app, { auth: alice.basic }, cursor, 1000);
    const events = pages.map((p) => p.changes['events']?.updated.length ?? 0);
    expect(events.reduce((a, b) => a + b, 0)).toBe(3);
    // A mean learned from smaller events may let the first page take two;
    // once seen, they come one to a page (without a budget: all in one).
    expect(Math.max(...events)).toBeLessThanOrEqual(2);
    expect(events.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  });
});

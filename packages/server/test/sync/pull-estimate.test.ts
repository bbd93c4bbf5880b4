import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PullResponse } from '@clinicsync/schema';
import { asPushed, clinicalRow, makeRow } from '@clinicsync/testing/fixtures';
import {
  allPermissions,
  pull,
  pullAllPages,
  push,
  startTestServer,
} from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';

// The `estimate` on a paged pull's first page (PROTOCOL.md, "Paged pull"):
// the records the whole pull holds, exactly when nothing is written during
// it, and about its bytes.
let server: TestServer;
let alice: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  alice = await server.addUser('provider', allPermissions);
  const patients = Array.from({ length: 40 }, (_, i) =>
    clinicalRow('patients', server.clinicId, {
      given_name: i % 2 ? `فاطمة ${i}` : `María ${i}`,
      surname: 'x'.repeat(i * 5),
    }),
  );
  const visits = patients.map((p) => clinicalRow('visits', server.clinicId, { patient_id: p.id }));
  const events = visits.map((v) =>
    makeRow('events', { patient_id: v['patient_id'], visit_id: v.id, form_data: '{"n":"ok"}' }),
  );
  await push(server.app, { auth: alice.basic }, null, {
    patients: { created: patients.map((r) => asPushed(r, 'created')) },
    visits: { created: visits.map((r) => asPushed(r, 'created')) },
    events: { created: events.map((r) => asPushed(r, 'created')) },
  });
});
afterAll(() => server.close());

const recordsOf = (pages: readonly PullResponse[]) =>
  pages
    .flatMap((p) => Object.values(p.changes))
    .reduce((n, c) => n + c.created.length + c.updated.length + c.deleted.length, 0);
const bytesOf = (pages: readonly PullResponse[]) =>
  pages.reduce((n, p) => n + Buffer.byteLength(JSON.stringify(p.changes)), 0);

describe('a paged pull estimate', () => {
  test('the first page counts every record of the pull and about its bytes; later pages carry none', async () => {
    const { pages } = await pullAllPages(server.app, { auth: alice.basic }, 0, 7);
    expect(pages.length).toBeGreaterThan(10);
    const estimate = pages[0]!.estimate!;
    expect(estimate.records).toBe(recordsOf(pages));
    expect(estimate.records).toBeGreaterThan(120);
    // The bytes are the count times a mean of sampled rows: near, not exact.
    expect(estimate.bytes / bytesOf(pages)).toBeGreaterThan(0.75);
    expect(estimate.bytes / bytesOf(pages)).toBeLessThan(1.25);
    for (const page of pages.slice(1)) expect(page.estimate).toBeUndefined();
  });

  test('a pull of one page is its own exact estimate', async () => {
    const { pages } = await pullAllPages(server.app, { auth: alice.basic }, 0, 50_000);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.estimate!.records).toBe(recordsOf(pages));
    expect(Math.abs(pages[0]!.estimate!.bytes - bytesOf(pages))).toBeLessThan(
      bytesOf(pages) * 0.02,
    );
  });

  test('an incremental pull counts its updates and deletes too', async () => {
    const since = (await pull(server.app, { auth: alice.basic }, 0)).timestamp;
    const more = Array.from({ length: 6 }, () => clinicalRow('patients', server.clinicId));
    await push(server.app, { auth: alice.basic }, since, {
      patients: { created: more.map((r) => asPushed(r, 'created')) },
    });
    const bob = await server.addUser('provider', allPermissions);
    const whole = await pull(server.app, { auth: bob.basic }, 0);
    const patient = whole.changes['patients']!.created[0]!;
    await push(server.app, { auth: bob.basic }, whole.timestamp, {
      patients: {
        updated: [asPushed({ ...patient, phone: '123' }, 'updated', ['phone'])],
        deleted: [whole.changes['patients']!.created[1]!.id],
      },
    });
    const { pages } = await pullAllPages(server.app, { auth: alice.basic }, since, 2);
    expect(recordsOf(pages)).toBeGreaterThanOrEqual(8);
    expect(pages[0]!.estimate!.records).toBe(recordsOf(pages));
  });

  test('an unpaged pull has no estimate, as before', async () => {
    expect((await pull(server.app, { auth: alice.basic }, 0)).estimate).toBeUndefined();
  });

  test("a provider's estimate counts only their clinics' records", async () => {
    const other = await server.addClinic('Other clinic');
    const stranger = await server.addUser('provider', allPermissions, other);
    const { pages } = await pullAllPages(server.app, { auth: stranger.basic }, 0, 3);
    expect(pages[0]!.estimate!.records).toBe(recordsOf(pages));
    const patients = pages.flatMap((p) => p.changes['patients']?.created ?? []);
    expect(patients).toHaveLength(0);
  });
});

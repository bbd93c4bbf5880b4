import { randomUUID } from 'node:crypto';
import type { AnyWireRow, PullResponse } from '@clinicsync/schema';
import { makeRow } from '@clinicsync/testing/fixtures';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { writeServerRows } from '../../../src/admin/write-server-rows.js';
import type { ServerRowChanges } from '../../../src/admin/write-server-rows.js';
import { followPatient, unfollowPatient } from '../../../src/scope/follows.js';

// Set-up for the scope tests through the server's own modules (as the
// administration calls and the seeder write), and the online calls through
// the real routes.

/** A test server whose sign-in limit does not get in the way of many users signing in. */
export function startScopeServer(): Promise<TestServer> {
  return startTestServer({ signInRateLimit: { max: 10_000, timeWindow: 60_000 } });
}

/** Writes rows on the server's authority, as administration and seeding do. */
export async function writeRows(
  server: TestServer,
  changes: readonly ServerRowChanges[],
): Promise<void> {
  await server.database.db.transaction((tx) => writeServerRows(tx, changes, server.admin.id));
}

export async function follow(server: TestServer, userId: string, patientId: string) {
  await server.database.db.transaction((tx) => followPatient(tx, userId, patientId));
}

export async function unfollow(server: TestServer, userId: string, patientId: string) {
  await server.database.db.transaction((tx) => unfollowPatient(tx, userId, patientId));
}

/** A patient registered at `clinic` with a visit there and an event of that visit. */
export interface Chart {
  readonly patient: AnyWireRow;
  readonly visit: AnyWireRow;
  readonly event: AnyWireRow;
}

export function makeChart(clinic: string, name: string): Chart {
  const patient = makeRow('patients', {
    given_name: name,
    surname: `Chart-${randomUUID().slice(0, 6)}`,
    date_of_birth: '1990-04-12',
    sex: 'female',
    primary_clinic_id: clinic,
  });
  const visit = makeRow('visits', { patient_id: patient.id, clinic_id: clinic });
  const event = makeRow('events', {
    patient_id: patient.id,
    visit_id: visit.id,
    form_data: '{"hiv":"positive"}',
  });
  return { patient, visit, event };
}

export async function writeCharts(server: TestServer, charts: readonly Chart[]): Promise<void> {
  await writeRows(server, [
    { table: 'patients', created: charts.map((c) => c.patient) },
    { table: 'visits', created: charts.map((c) => c.visit) },
    { table: 'events', created: charts.map((c) => c.event) },
  ]);
}

/** An online call with a Bearer token (administration, lookup, follow); status and parsed body. */
export async function call(
  server: TestServer,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  token: string,
  payload?: object,
): Promise<{ status: number; body: unknown }> {
  const response = await server.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload }),
  });
  return { status: response.statusCode, body: response.body === '' ? null : response.json() };
}

export async function signIn(server: TestServer, user: TestUser): Promise<string> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email: user.email, password: user.password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in ${response.statusCode}`);
  return response.json<{ token: string }>().token;
}

/** Rows a device holds, per table, by id: what applying every pull in order leaves. */
export type HeldRows = Map<string, Map<string, AnyWireRow>>;

/** Applies one pull (or page) to `held` as a device does: created and updated put, deleted removed. */
export function applyPull(held: HeldRows, response: PullResponse): void {
  for (const [table, changes] of Object.entries(response.changes)) {
    let rows = held.get(table);
    if (!rows) held.set(table, (rows = new Map()));
    for (const row of [...changes.created, ...changes.updated]) rows.set(row.id, row);
    for (const id of changes.deleted) rows.delete(id);
  }
}

/** The ids `held` holds of `table`, sorted. */
export function heldIds(held: HeldRows, table: string): string[] {
  return [...(held.get(table)?.keys() ?? [])].sort();
}

/**
 * A fingerprint of every table (tokens and logs included), computed inside
 * the database: equal before and after a call means the call wrote nothing.
 */
export async function databaseFingerprint(server: TestServer): Promise<string> {
  const tables = await server.database.db.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
  );
  const parts = tables.map(
    ({ name }) =>
      `SELECT '${name}' AS name, count(*)::int AS n, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS sum FROM "${name}" t`,
  );
  const rows = await server.database.db.query<{ name: string; n: number; sum: string }>(
    parts.join(' UNION ALL '),
  );
  return rows.map((r) => `${r.name}:${r.n}:${r.sum}`).join('\n');
}

import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedDatabase } from '../../src/seed/seed-database.js';
import { call, signIn } from '../admin/admin-calls.js';

/**
 * A seeded data set larger than a cursor batch (500 rows): every export
 * holds each live patient exactly once, across batches, in id order.
 */

let server: TestServer;
let superAuth: string;
let liveIds: string[];

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  await seedDatabase(db, { seed: 7, clinics: 2, patients: 1_100 });
  // A few tombstones (marked directly: only the flag matters here): in no export.
  await db.query(
    `UPDATE patients SET _deleted = true WHERE id IN (SELECT id FROM patients ORDER BY id DESC LIMIT 3)`,
  );
  liveIds = (
    await db.query<{ id: string }>('SELECT id FROM patients WHERE NOT _deleted ORDER BY id')
  ).map((r) => r.id);
  superAuth = await signIn(server.app, server.admin.email, server.admin.password);
}, 300_000);
afterAll(() => server.close());

const sorted = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

test('the CSV holds every live patient once, across cursor batches', async () => {
  expect(liveIds.length).toBe(1_097);
  const response = await call(server.app, 'GET', '/api/admin/export/patients.csv', {
    auth: superAuth,
  });
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  const rows = parse<Record<string, string>>(response.rawPayload, { bom: true, columns: true });
  const ids = rows.map((r) => r['id']!);
  expect(ids).toEqual(sorted(ids));
  expect(ids).toEqual(liveIds);
  // The seed's additional attributes are columns of their own, after the patients' 18.
  const attributeColumns = Object.keys(rows[0]!).slice(18);
  expect(attributeColumns.length).toBeGreaterThan(0);
  for (const column of attributeColumns) {
    expect(
      rows.some((r) => r[column] !== ''),
      column,
    ).toBe(true);
  }
});

test('the XLSX and the FHIR Patient file hold the same patients', async () => {
  const xlsx = await call(server.app, 'GET', '/api/admin/export/patients.xlsx', {
    auth: superAuth,
  });
  expect(xlsx.statusCode).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const ids: string[] = [];
  workbook.getWorksheet('Patients')!.eachRow((row, n) => {
    if (n > 1) ids.push(String(row.getCell(1).value));
  });
  expect(ids).toEqual(liveIds);

  const fhir = await call(server.app, 'GET', '/api/admin/export/fhir/Patient', {
    auth: superAuth,
  });
  expect(fhir.statusCode).toBe(200);
  const lines = fhir.body.trimEnd().split('\n');
  expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(liveIds);
});

test('a download the client drops mid-way ends the export, and the next one is whole', async () => {
  const base = await server.listen();
  const url = `${base}/api/admin/export/fhir/Observation`;
  const headers = { authorization: superAuth };
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const first = await reader.read();
  expect(first.done).toBe(false);
  abort.abort();
  await reader.closed.catch(() => undefined);
  // The export's transaction ended: the database answers, and a whole export follows.
  const again = await fetch(url, { headers });
  expect(again.status).toBe(200);
  const lines = (await again.text()).trimEnd().split('\n');
  const [vitals] = await server.database.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM patient_vitals WHERE NOT _deleted',
  );
  expect(lines.length).toBeGreaterThan(vitals!.n);
});

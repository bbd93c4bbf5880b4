import { startTestServer, allPermissions } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, expectError } from '../admin/admin-calls.js';
import { buildWorld } from '../admin/admin-world.js';
import type { World } from '../admin/admin-world.js';
import { writeCharts } from './export-world.js';
import type { ExportCharts } from './export-world.js';

/**
 * The patients exports (issue 14, item 3): an admin gets the live patients
 * of their clinics, a super_admin everyone's, as CSV and XLSX that read back
 * into the same patients; every export is in the access log.
 */

let server: TestServer;
let world: World;
let charts: ExportCharts;
let adminOfA: string;
let adminOfB: string;

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server);
  adminOfA = await world.bearer(await world.user('admin', world.clinicA));
  adminOfB = await world.bearer(await world.user('admin', world.clinicB));
  charts = await writeCharts(server, world);
});
afterAll(() => server.close());

async function csvOf(auth: string): Promise<Record<string, string>[]> {
  const response = await call(server.app, 'GET', '/api/admin/export/patients.csv', { auth });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(response.headers['content-disposition']).toMatch(
    /^attachment; filename="clinicsync-patients-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  expect(response.headers['cache-control']).toBe('no-store');
  // UTF-8 with a byte order mark, so Excel reads the Arabic names as Arabic.
  expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(response.rawPayload, { bom: true, columns: true, relax_quotes: false });
}

const ids = (rows: Record<string, string>[]) => rows.map((r) => r['id']).sort();

test("an admin's CSV holds the live patients of their clinics only; a super_admin's everyone's", async () => {
  const { hind, jose, visitor, bashir } = charts;
  expect(ids(await csvOf(adminOfA))).toEqual([hind.id, jose.id, visitor.id].sort());
  expect(ids(await csvOf(adminOfB))).toEqual([visitor.id, bashir.id].sort());
  expect(ids(await csvOf(world.superAuth))).toEqual(
    [hind.id, jose.id, visitor.id, bashir.id].sort(),
  );
});

test('the CSV reads back into the same patients: names intact, formulas neutralised', async () => {
  const rows = await csvOf(adminOfA);
  const hind = rows.find((r) => r['id'] === charts.hind.id)!;
  expect(hind).toMatchObject({
    given_name: 'هند',
    surname: 'الخوري',
    citizenship: 'لبنان',
    date_of_birth: '1984-03-09',
    sex: 'female',
    primary_clinic_id: world.clinicA,
    clinic: 'Test clinic',
    // A cell a spreadsheet would run is prefixed with an apostrophe.
    phone: `'=HYPERLINK("http://evil.test","call")`,
    government_id: "'+961-1-234",
    'Blood group': 'O+',
    Children: '',
  });
  expect(hind['created_at']).toBe(new Date(charts.hind['created_at'] as number).toISOString());
  const jose = rows.find((r) => r['id'] === charts.jose.id)!;
  expect(jose).toMatchObject({
    given_name: 'José',
    surname: 'Núñez, "Pepe"',
    camp: 'Línea 2\nnorte',
    phone: "'+34 600 000 000",
    Children: '3',
  });
});

test('the XLSX reads back with exceljs into the same patients and columns', async () => {
  const response = await call(server.app, 'GET', '/api/admin/export/patients.xlsx', {
    auth: adminOfA,
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  expect(response.headers['content-disposition']).toMatch(
    /filename="clinicsync-patients-.*\.xlsx"/,
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Patients')!;
  const values: string[][] = [];
  sheet.eachRow((row) =>
    values.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))),
  );
  const [header, ...rows] = values;
  const byName = rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
  expect(ids(byName)).toEqual([charts.hind.id, charts.jose.id, charts.visitor.id].sort());
  expect(byName.find((r) => r['id'] === charts.hind.id)).toMatchObject({
    given_name: 'هند',
    surname: 'الخوري',
    phone: '=HYPERLINK("http://evil.test","call")',
    'Blood group': 'O+',
  });
  expect(byName.find((r) => r['id'] === charts.jose.id)).toMatchObject({
    surname: 'Núñez, "Pepe"',
    Children: '3',
  });
});

test('a provider gets 403; no token or an unknown one 401', async () => {
  const provider = await world.bearer(
    await world.user('provider', world.clinicA, { permissions: allPermissions }),
  );
  for (const path of ['patients.csv', 'patients.xlsx', 'fhir/Patient']) {
    const url = `/api/admin/export/${path}`;
    expectError(await call(server.app, 'GET', url, { auth: provider }), 403, 'forbidden');
    expectError(await call(server.app, 'GET', url), 401, 'unauthorized');
    expectError(
      await call(server.app, 'GET', url, { auth: 'Bearer not-a-token' }),
      401,
      'unauthorized',
    );
  }
});

test("each export is in the access log, which the clinics' admins read", async () => {
  const before = await server.database.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM access_log WHERE action = 'export'`,
  );
  await call(server.app, 'GET', '/api/admin/export/patients.csv', { auth: adminOfB });
  await call(server.app, 'GET', '/api/admin/export/fhir/Condition', { auth: adminOfB });
  const after = await server.database.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM access_log WHERE action = 'export'`,
  );
  expect(after[0]!.n).toBe(before[0]!.n + 2);
  const read = async (auth: string) => {
    const response = await call(server.app, 'GET', '/api/admin/access-log?limit=500', { auth });
    expect(response.statusCode, response.body).toBe(200);
    return response
      .json<{ entries: { action: string; target: string }[] }>()
      .entries.filter((e) => e.action === 'export');
  };
  const seenByB = await read(adminOfB);
  expect(seenByB.slice(0, 2).map((e) => e.target)).toEqual(['fhir/Condition', 'patients.csv']);
  // Clinic A's admin does not see what B's admin exported of clinic B.
  const seenByA = await read(adminOfA);
  expect(seenByA.map((e) => e.target)).not.toContain('fhir/Condition');
  // A super_admin's export concerns every clinic: both admins see it.
  await call(server.app, 'GET', '/api/admin/export/fhir/Encounter', { auth: world.superAuth });
  expect((await read(adminOfA))[0]!.target).toBe('fhir/Encounter');
  expect((await read(adminOfB))[0]!.target).toBe('fhir/Encounter');
});

import { readFile } from 'node:fs/promises';
import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe-check.js';
import { buildWebApp, launchDevice, screenshot } from './browser.js';
import type { Device } from './browser.js';
import { signInToConsole } from './console-steps.js';

// The console's Exports page: each button fetches the export with the
// administrator's token (never in a URL) and hands the file to the
// browser's downloads, where Playwright takes it and reads it back. The
// logs then name the exporting administrator and the syncing provider.

const names = [
  { given_name: 'Hind', surname: 'Khoury' },
  { given_name: 'José', surname: 'Núñez' },
  { given_name: 'نور', surname: 'الهدى' },
];

/** The file the browser saved after `click`, as bytes. */
async function downloadOf(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

describe("the console's exports, in Chromium", () => {
  let server: TestServer;
  let admin: Device;
  let provider: TestUser;
  const patientIds: string[] = [];

  beforeAll(async () => {
    await buildWebApp();
    server = await startTestServer();
    const url = await server.listen();
    provider = await server.addUser('provider', allPermissions);
    const phone = { auth: provider.basic, deviceId: 'provider-phone' };
    const patients = names.map((name) =>
      makeRow('patients', { ...name, primary_clinic_id: server.clinicId }),
    );
    patientIds.push(...patients.map((patient) => patient.id));
    const first = await pull(server.app, phone, 0);
    const pushed = await push(server.app, phone, first.timestamp, {
      patients: { created: patients.map((patient) => asPushed(patient, 'created')) },
    });
    expect(pushed.status).toBe(200);
    admin = await launchDevice(url);
  }, 240_000);

  afterAll(async () => {
    await admin?.close();
    await server?.close();
  });

  it("saves the patients CSV, which holds the server's patients", async () => {
    const { page } = admin;
    const asked: string[] = [];
    page.on('request', (request) => asked.push(request.url()));
    await signInToConsole(page, server.admin);
    await page.getByRole('link', { name: 'Exports', exact: true }).click();
    await page.getByRole('heading', { name: 'Exports', level: 2 }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const csv = await downloadOf(page, 'Patients as CSV');
    expect(csv.name).toMatch(/^clinicsync-patients-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse(csv.bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row['id']).sort()).toEqual([...patientIds].sort());
    expect(rows.map((row) => `${row['given_name']} ${row['surname']}`).sort()).toEqual(
      names.map((name) => `${name.given_name} ${name.surname}`).sort(),
    );
    await page
      .getByRole('status')
      .filter({ hasText: `Saved as ${csv.name}.` })
      .waitFor();
    await screenshot(page, 'admin-14-exports');

    // The token went in a header, never in a URL.
    const token = await page.evaluate(
      () =>
        (JSON.parse(localStorage.getItem('clinicsync.session') ?? '{}') as { token?: string })
          .token,
    );
    expect(token).toBeTruthy();
    expect(asked.some((url) => url.endsWith('/api/admin/export/patients.csv'))).toBe(true);
    expect(asked.filter((url) => token && url.includes(token))).toEqual([]);
  }, 120_000);

  it('saves the patients as XLSX, which reads back with exceljs', async () => {
    const { page } = admin;
    const xlsx = await downloadOf(page, 'Patients as Excel (XLSX)');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Patients');
    if (!sheet) throw new Error('no Patients sheet');
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const idColumn = header.indexOf('id');
    const ids: string[] = [];
    sheet.eachRow((row, number) => {
      if (number > 1) ids.push(String(row.getCell(idColumn).value));
    });
    expect(ids.sort()).toEqual([...patientIds].sort());
  }, 60_000);

  it('saves FHIR Patient NDJSON: one Patient resource per line', async () => {
    const { page } = admin;
    const ndjson = await downloadOf(page, 'Patient');
    const resources = ndjson.bytes
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { resourceType: string; id: string });
    expect(resources.map((resource) => resource.resourceType)).toEqual(
      patientIds.map(() => 'Patient'),
    );
    expect(resources.map((resource) => resource.id).sort()).toEqual([...patientIds].sort());

    // Each export is in the access log.
    await page.getByRole('link', { name: 'Access log', exact: true }).click();
    await page.getByRole('cell', { name: 'fhir/Patient', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'patients.csv', exact: true }).waitFor();
  }, 60_000);

  it('names the users in the access log and the sync log, not their ids', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Access log', exact: true }).click();
    const exported = page.getByRole('row').filter({ hasText: 'fhir/Patient' });
    await expect(exported.textContent()).resolves.toContain(server.admin.email);
    await expect(exported.textContent()).resolves.toContain(server.admin.name);
    await expect(exported.textContent()).resolves.not.toContain(server.admin.id);

    await page.getByRole('link', { name: 'Devices and sync', exact: true }).click();
    // The devices and the log load apart: both tables must be there before either is picked by place.
    await page.getByRole('table').nth(1).waitFor();
    const devices = page.getByRole('table').first();
    const phone = devices.getByRole('row').filter({ hasText: 'provider-phone' });
    await expect(phone.textContent()).resolves.toContain(provider.email);
    const log = page.getByRole('table').nth(1);
    await log.getByRole('row').nth(1).waitFor();
    const users = await log
      .getByRole('row')
      .evaluateAll((rows) =>
        rows.slice(1).map((row) => row.querySelectorAll('td')[1]?.textContent ?? ''),
      );
    expect(users.every((text) => text.includes(provider.name))).toBe(true);
    await page.getByText('Devices do not report how much data they hold').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-18-sync-log-names');
  }, 60_000);

  it("shows the server's refusal when the session is no longer valid", async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Exports', exact: true }).click();
    await page.evaluate(() => {
      const key = 'clinicsync.session';
      const session = JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>;
      localStorage.setItem(key, JSON.stringify({ ...session, token: 'not-a-token' }));
    });
    await page.reload();
    await page.getByRole('heading', { name: 'Exports', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Condition (problems)', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Not downloaded:' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-15-export-refused');
  }, 60_000);
});

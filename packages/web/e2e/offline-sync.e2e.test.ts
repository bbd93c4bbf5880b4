import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPermissions, pull, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { createEventForm, signIn, synced } from './app-steps.js';
import { buildWebApp, launchDevice, screenshot } from './browser.js';
import type { Device } from './browser.js';

const eventForm = {
  name: 'General consultation',
  description: 'A visit',
  form_fields: [
    {
      id: 'complaint',
      name: 'Chief complaint',
      required: true,
      fieldType: 'free-text',
      inputType: 'text',
    },
    {
      id: 'temperature',
      name: 'Temperature',
      required: false,
      fieldType: 'free-text',
      inputType: 'number',
      units: ['°C'],
    },
    {
      id: 'severity',
      name: 'Severity',
      required: false,
      fieldType: 'options',
      inputType: 'select',
      options: [
        { label: 'Mild', value: 'mild' },
        { label: 'Severe', value: 'severe' },
      ],
    },
    {
      id: 'follow-up',
      name: 'Follow-up date',
      required: false,
      fieldType: 'date',
      inputType: 'date',
    },
    {
      id: 'diagnosis',
      name: 'Diagnosis',
      required: true,
      fieldType: 'diagnosis',
      inputType: 'select',
      options: [],
    },
    {
      id: 'medicines',
      name: 'Medicines',
      required: false,
      fieldType: 'medicine',
      inputType: 'input-group',
      fields: { route: { options: ['oral', 'topical'] }, doseUnits: { options: ['mg', 'mL'] } },
    },
  ],
};

/** Waits until the service worker controls the page, so it opens offline. */
async function offlineReady(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
}

async function openPatient(page: Page, text: string, name: string): Promise<void> {
  await page.goto('/#/');
  await page.getByLabel('Search by name, phone or id').fill(text);
  await page.getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 2, name }).waitFor();
}

async function serverPatient(server: TestServer, id: string) {
  const answer = await pull(server.app, { auth: server.admin.basic }, null);
  const patients = answer.changes['patients'];
  return [...(patients?.created ?? []), ...(patients?.updated ?? [])].find((p) => p.id === id);
}

describe('the web app offline and online, in Chromium', () => {
  let server: TestServer;
  let first: Device;
  let second: Device;
  let alice: TestUser;
  let bob: TestUser;
  let patientId = '';

  beforeAll(async () => {
    await buildWebApp();
    server = await startTestServer();
    const url = await server.listen();
    alice = await server.addUser('provider', allPermissions);
    bob = await server.addUser('provider', allPermissions);
    await createEventForm(server, eventForm);
    first = await launchDevice(url);
    second = await launchDevice(url);
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await server?.close();
  });

  it('serves the app at / with its CSP, and index.html for app routes', async () => {
    const root = await server.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.headers['cache-control']).toBe('no-cache');
    expect(root.headers['content-security-policy']).toContain("'wasm-unsafe-eval'");
    const deep = await server.app.inject({ method: 'GET', url: '/patients/anything' });
    expect(deep.body).toContain('<div id="root">');
    const api = await server.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(api.statusCode).toBe(404);
  });

  it('registers a patient and records a visit offline, keeps them over a reload, then syncs them', async () => {
    const { page, context } = first;
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await signIn(page, alice);
    await offlineReady(page);
    expect(await page.getByRole('alert').count()).toBe(0); // no in-memory fallback warning

    await context.setOffline(true);
    await page.getByTestId('network-status').filter({ hasText: 'Offline' }).waitFor();

    await page.getByRole('link', { name: 'Register a patient' }).click();
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByText('Given name is required.').waitFor();
    await page.getByLabel('Given name').fill('Amina');
    await page.getByLabel('Surname').fill('Haddad');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByLabel('Date of birth').fill('1990-04-12');
    await page.getByLabel('Phone').fill('+961 1 555 0101');
    await screenshot(page, '01-register-offline');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByRole('heading', { level: 2, name: 'Amina Haddad' }).waitFor();
    patientId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    expect(patientId).toMatch(/[0-9a-f-]{36}/);

    await page.getByRole('link', { name: 'New visit' }).click();
    await page.getByLabel('Chief complaint').fill('Cough for a week');
    await page.getByLabel('Temperature').fill('38.2');
    await page.getByLabel('Severity').selectOption('mild');
    await page.getByRole('button', { name: 'Add diagnosis' }).click();
    await page.getByLabel('ICD-10 code 1').fill('J20.9');
    await page.getByLabel('Description 1', { exact: true }).fill('Acute bronchitis');
    await page.getByRole('button', { name: 'Add medicine' }).click();
    await page.getByLabel('Medicine 1', { exact: true }).fill('Amoxicillin');
    await page.getByLabel('Dose 1', { exact: true }).fill('500');
    await page.getByLabel('Dose units 1', { exact: true }).selectOption('mg');
    await screenshot(page, '02-visit-offline');
    await page.getByRole('button', { name: 'Save visit' }).click();
    await page.getByText('Cough for a week').waitFor();
    await page.getByText('J20.9 Acute bronchitis').waitFor();
    await page.getByTestId('pending-count').filter({ hasText: '3 changes waiting' }).waitFor();

    await page.reload();
    await page.getByTestId('network-status').filter({ hasText: 'Offline' }).waitFor();
    await openPatient(page, 'amina', 'Amina Haddad');
    await page.getByText('Cough for a week').waitFor();
    await page.getByTestId('pending-count').filter({ hasText: '3 changes waiting' }).waitFor();
    await screenshot(page, '03-after-offline-reload');

    await context.setOffline(false);
    await page.getByTestId('network-status').filter({ hasText: 'Online' }).waitFor();
    await synced(page);
    await screenshot(page, '04-synced');
    const onServer = await serverPatient(server, patientId);
    expect(onServer).toMatchObject({
      given_name: 'Amina',
      surname: 'Haddad',
      phone: '+961 1 555 0101',
    });
    expect(consoleErrors).toEqual([]);
  });

  it('a second clinician on another device receives them', async () => {
    const { page } = second;
    await signIn(page, bob);
    await openPatient(page, '555', 'Amina Haddad');
    await page.getByText('Cough for a week').waitFor();
    await page.getByText('Amoxicillin 500mg').waitFor();
    await screenshot(page, '05-second-device');
  });

  it('both edit the patient offline, different fields, and both end with the merged record', async () => {
    await offlineReady(second.page);
    await first.context.setOffline(true);
    await second.context.setOffline(true);

    for (const [device, label, value] of [
      [first, 'Phone', '+961 1 555 0202'],
      [second, 'Camp', 'North camp'],
    ] as const) {
      const { page } = device;
      await page.getByTestId('network-status').filter({ hasText: 'Offline' }).waitFor();
      await openPatient(page, 'amina', 'Amina Haddad');
      await page.getByRole('link', { name: 'Edit patient' }).click();
      await page.getByLabel(label).fill(value);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('heading', { level: 2, name: 'Amina Haddad' }).waitFor();
      await page.getByText(value).waitFor();
      await page.getByTestId('pending-count').filter({ hasText: '1 change waiting' }).waitFor();
    }

    await first.context.setOffline(false);
    await synced(first.page);
    await second.context.setOffline(false);
    await synced(second.page);
    await first.page.getByRole('button', { name: 'Sync now' }).click();
    await synced(first.page);

    for (const { page } of [first, second]) {
      await page.getByText('+961 1 555 0202').waitFor();
      await page.getByText('North camp').waitFor();
    }
    await screenshot(first.page, '06-merged-first');
    await screenshot(second.page, '07-merged-second');
    await second.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(second.page, '08-phone-patient-record');
    expect(await serverPatient(server, patientId)).toMatchObject({
      phone: '+961 1 555 0202',
      camp: 'North camp',
    });
  });

  it('deletes a visit after asking, and the delete reaches the other device', async () => {
    const { page } = first;
    await page.getByRole('button', { name: /^Delete visit of/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('and its records?').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Cough for a week').waitFor();
    await page.getByRole('button', { name: /^Delete visit of/ }).click();
    await dialog.getByRole('button', { name: 'Delete visit' }).click();
    await page.getByText('No visits yet.').waitFor();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await synced(page);
    await second.page.getByRole('button', { name: 'Sync now' }).click();
    await second.page.getByText('No visits yet.').waitFor();
  });
});

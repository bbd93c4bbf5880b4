import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPermissions, pull, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { createEventForm, signIn, synced } from './app-steps.js';
import { buildWebApp, launchDevice, screenshot } from './browser.js';
import type { Device } from './browser.js';

const eventForm = {
  name: 'Short consultation',
  description: 'A visit',
  form_fields: [
    {
      id: 'complaint',
      name: 'Chief complaint',
      required: true,
      fieldType: 'free-text',
      inputType: 'text',
    },
  ],
};

async function registerPatient(page: Page, given: string, surname: string): Promise<void> {
  await page.goto('/#/register');
  await page.getByLabel('Given name').fill(given);
  await page.getByLabel('Surname').fill(surname);
  await page.getByLabel('Sex').selectOption('female');
  await page.getByLabel('Date of birth').fill('1988-02-03');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await page.getByRole('heading', { level: 2, name: `${given} ${surname}` }).waitFor();
}

async function recordVisit(page: Page, complaint: string): Promise<void> {
  await page.getByRole('link', { name: 'New visit' }).click();
  await page.getByLabel('Chief complaint').fill(complaint);
  await page.getByRole('button', { name: 'Save visit' }).click();
  await page.getByText(complaint).waitFor();
}

async function openPatient(page: Page, text: string, name: string): Promise<void> {
  await page.goto('/#/');
  await page.getByLabel('Search by name, phone or id').fill(text);
  await page.getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 2, name }).waitFor();
}

async function visitsOnServer(server: TestServer): Promise<unknown[]> {
  const answer = await pull(server.app, { auth: server.admin.basic }, null);
  const events = answer.changes['events'];
  return [...(events?.created ?? []), ...(events?.updated ?? [])];
}

describe('one local database for every tab, in Chromium', () => {
  let server: TestServer;
  let device: Device;
  let alice: TestUser;

  beforeAll(async () => {
    await buildWebApp();
    server = await startTestServer();
    const url = await server.listen();
    alice = await server.addUser('provider', allPermissions);
    await createEventForm(server, eventForm);
    device = await launchDevice(url);
  });

  afterAll(async () => {
    await device?.close();
    await server?.close();
  });

  it('a visit recorded offline in a second tab is in the first after the second closes', async () => {
    const first = device.page;
    const errors: string[] = [];
    first.on('pageerror', (error) => errors.push(error.message));
    await signIn(first, alice);

    const second = await device.context.newPage();
    second.on('pageerror', (error) => errors.push(error.message));
    await second.goto('/#/settings');
    await second
      .getByTestId('storage-kind')
      .filter({ hasText: 'one database for every tab' })
      .waitFor();
    expect(await second.getByRole('alert').count()).toBe(0); // no in-memory fallback

    await device.context.setOffline(true);
    await second.getByTestId('network-status').filter({ hasText: 'Offline' }).waitFor();
    await registerPatient(second, 'Salma', 'Odeh');
    await recordVisit(second, 'Headache since Monday');
    await second.getByTestId('pending-count').filter({ hasText: '3 changes waiting' }).waitFor();

    // The first tab's live queries hear the second tab's writes.
    await first.getByTestId('pending-count').filter({ hasText: '3 changes waiting' }).waitFor();
    await first.goto('/#/');
    await first.getByRole('link', { name: 'Salma Odeh' }).waitFor();
    await screenshot(second, 'tabs-01-second-tab-offline-visit');
    await second.close();

    await openPatient(first, 'salma', 'Salma Odeh');
    await first.getByText('Headache since Monday').waitFor();
    await first.getByTestId('pending-count').filter({ hasText: '3 changes waiting' }).waitFor();
    await screenshot(first, 'tabs-02-first-tab-has-it');

    await device.context.setOffline(false);
    await synced(first);
    const events = await visitsOnServer(server);
    expect(JSON.stringify(events)).toContain('Headache since Monday');
    expect(errors).toEqual([]);
  });

  it('when the tab holding the database closes, another takes it over and keeps every write', async () => {
    const first = device.page;
    const third = await device.context.newPage();
    await third.goto('/#/');
    await synced(third);
    // The first tab held the database; now only the third is left.
    await first.close();

    await device.context.setOffline(true);
    await registerPatient(third, 'Karim', 'Saleh');
    await third.getByTestId('pending-count').filter({ hasText: '1 change waiting' }).waitFor();
    await third.reload();
    await openPatient(third, 'karim', 'Karim Saleh');
    await third.getByTestId('pending-count').filter({ hasText: '1 change waiting' }).waitFor();
    expect(await third.getByRole('alert').count()).toBe(0);

    // A new tab sees it too, and both go on writing.
    const fourth = await device.context.newPage();
    await openPatient(fourth, 'karim', 'Karim Saleh');
    await recordVisit(fourth, 'Follow-up of the cough');
    await third.getByTestId('pending-count').filter({ hasText: '3 changes waiting' }).waitFor();
    await device.context.setOffline(false);
    await synced(fourth);
    await third.getByTestId('pending-count').filter({ hasText: 'All changes synced' }).waitFor();
    expect(JSON.stringify(await visitsOnServer(server))).toContain('Follow-up of the cough');
    await screenshot(fourth, 'tabs-03-after-hand-over');
  });
});

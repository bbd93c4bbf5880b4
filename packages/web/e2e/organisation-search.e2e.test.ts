import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { signIn, synced } from './app-steps.js';
import { buildWebApp, launchDevice, screenshot } from './browser.js';
import type { Device } from './browser.js';
import { callAs, clinicWithUser, pushChart, tokenOf } from './scope-steps.js';
import type { ClinicUser } from './scope-steps.js';

// A provider of clinic A finds clinic B's patient in the whole organisation,
// adds her to the device, sees her chart, removes her, and is told why she
// went; then an edit made after her follow ended elsewhere is refused as
// out of scope, and she leaves with the next sync.
const gone =
  'This patient is no longer on this device: they are not registered at or seen in your clinics any more. Search the whole organisation to add them again.';
const refused = 'Not saved to the server: this patient is outside your clinics.';

describe('scope in the web app, in Chromium', () => {
  let server: TestServer;
  let device: Device;
  let providerA: ClinicUser;
  let laylaId = '';

  beforeAll(async () => {
    await buildWebApp();
    server = await startTestServer();
    const url = await server.listen();
    ({ user: providerA } = await clinicWithUser(server, 'Clinic A', 'provider', allPermissions));
    const b = await clinicWithUser(server, 'Clinic B', 'provider', allPermissions);
    laylaId = await pushChart(
      server,
      b.user,
      b.clinicId,
      { given_name: 'Layla', surname: 'Nasser', sex: 'female', date_of_birth: '1984-02-29' },
      'Fever for three days',
    );
    device = await launchDevice(url);
  });

  afterAll(async () => {
    await device?.close();
    await server?.close();
  });

  async function searchOrganisation(page: Page, text: string): Promise<void> {
    await page.goto('/#/');
    await page.getByLabel('Search by name, phone or id').fill(text);
    await page.getByText('0 found on this device').waitFor();
    await page.getByRole('button', { name: 'Search the whole organisation' }).click();
    await page.getByRole('list', { name: 'Patients in the whole organisation' }).waitFor();
  }

  async function addLayla(page: Page): Promise<void> {
    await searchOrganisation(page, 'nasser');
    await page.getByRole('button', { name: 'Add Layla Nasser to this device' }).click();
    await page.getByRole('heading', { level: 2, name: 'Layla Nasser' }).waitFor();
    await page.getByText('Fever for three days').waitFor();
    await synced(page);
  }

  it("finds clinic B's patient in the organisation, adds her, and her chart arrives with the sync", async () => {
    const { page } = device;
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, providerA);

    await searchOrganisation(page, 'nasser');
    const result = page.getByRole('listitem').filter({ hasText: 'Layla Nasser' });
    await result.getByText('1984-02-29 · female · Clinic B').waitFor();
    await result.getByText('Not on this device').waitFor();
    await screenshot(page, 'scope-01-organisation-search');

    await result.getByRole('button', { name: 'Add Layla Nasser to this device' }).click();
    await page.getByRole('heading', { level: 2, name: 'Layla Nasser' }).waitFor();
    await page.getByText('Fever for three days').waitFor();
    await synced(page);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/patients/${laylaId}`);
    await page.getByRole('button', { name: 'Remove from this device' }).waitFor();
    await screenshot(page, 'scope-02-added-chart');

    // The device's own list follows: she is on it now, and the search says so.
    await page.goto('/#/');
    await page.getByLabel('Search by name, phone or id').fill('nasser');
    await page.getByRole('link', { name: /Layla Nasser/ }).waitFor();
    await page.getByRole('button', { name: 'Search the whole organisation' }).click();
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Layla Nasser' })
      .getByText('On this device')
      .waitFor();
    expect(errors).toEqual([]);
  });

  it('removes her: the chart leaves after the syncs, and the screen says why', async () => {
    const { page } = device;
    await page.getByRole('button', { name: 'Open chart' }).click();
    await page.getByRole('heading', { level: 2, name: 'Layla Nasser' }).waitFor();
    await page.getByRole('button', { name: 'Remove from this device' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove from this device' }).click();
    await page.getByText(gone).waitFor();
    await synced(page);
    await page.getByRole('heading', { level: 2, name: 'Layla Nasser' }).waitFor();
    await page.getByTestId('departed-count').filter({ hasText: '1 patient left' }).waitFor();
    await screenshot(page, 'scope-03-removed');

    await page.getByRole('link', { name: 'Find Layla Nasser in the organisation' }).click();
    await expect
      .poll(() => page.getByLabel('Search by name, phone or id').inputValue())
      .toBe('Layla Nasser');
    await page.getByText('0 found on this device').waitFor();
  });

  it('offline, the organisation search needs a connection', async () => {
    const { page, context } = device;
    await context.setOffline(true);
    await page.getByTestId('network-status').filter({ hasText: 'Offline' }).waitFor();
    await page.goto('/#/');
    await page.getByLabel('Search by name, phone or id').fill('nasser');
    const button = page.getByRole('button', { name: 'Search the whole organisation' });
    await page.getByText('Needs a connection').waitFor();
    expect(await button.isDisabled()).toBe(true);
    await screenshot(page, 'scope-04-offline');
    await context.setOffline(false);
    await page.getByTestId('network-status').filter({ hasText: 'Online' }).waitFor();
    await synced(page);
  });

  it('an edit made after her follow ended elsewhere is refused as out of scope, then she leaves', async () => {
    const { page } = device;
    await addLayla(page);
    // Another device of the same user removes her from the user's scope.
    const token = await tokenOf(server, providerA);
    await callAs(server, token, 'DELETE', `/api/patients/${laylaId}/follow`, 200);

    await page.getByRole('link', { name: 'Edit patient' }).click();
    await page.getByLabel('Phone').fill('+961 70 123 456');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 2, name: 'Layla Nasser' }).waitFor();
    await page.getByTestId('pending-count').filter({ hasText: '1 change waiting' }).waitFor();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText(refused).waitFor();
    await page.getByText('+961 70 123 456').waitFor();
    await screenshot(page, 'scope-05-refused-out-of-scope');

    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText(gone).waitFor();
    await synced(page);
    await screenshot(page, 'scope-06-left-after-refusal');
    const [onServer] = await server.database.db.query<{ phone: string }>(
      'SELECT phone FROM patients WHERE id = $1',
      [laylaId],
    );
    expect(onServer?.phone).not.toBe('+961 70 123 456');
  });
});

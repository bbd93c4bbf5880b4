import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './app-steps.js';
import { buildWebApp, launchDevice, screenshot } from './browser.js';
import type { Device } from './browser.js';
import { clinicWithUser, pushChart } from './scope-steps.js';
import type { ClinicUser } from './scope-steps.js';

// The device's search in the browser (SQLite WASM in the worker, its
// folding functions registered there), with the searches clinicians tried:
// a second surname without its accent, a phone's last digits, Arabic
// spellings that differ in taa marbuta and hamza.
describe('patient search in Chromium', () => {
  let server: TestServer;
  let device: Device;
  let provider: ClinicUser;

  beforeAll(async () => {
    await buildWebApp();
    server = await startTestServer();
    const url = await server.listen();
    const clinic = await clinicWithUser(server, 'Clinic A', 'provider', allPermissions);
    provider = clinic.user;
    for (const patient of [
      { given_name: 'María Teresa', surname: 'Ordóñez Flórez', phone: '+57 10 012 5194' },
      { given_name: 'فاطمة', surname: 'الأشراف', phone: '+961 3 123 456' },
      { given_name: 'Nigel', surname: 'Flores', phone: '+254 722 555 666' },
    ]) {
      await pushChart(server, provider, clinic.clinicId, patient, 'Check-up');
    }
    device = await launchDevice(url);
  });

  afterAll(async () => {
    await device?.close();
    await server?.close();
  });

  it('finds patients the way clinicians type them', async () => {
    const { page } = device;
    await signIn(page, provider);
    const list = page.getByRole('list', { name: 'Patients on this device' });
    const names = async () =>
      (await list.getByRole('listitem').allInnerTexts()).map((t) => t.split('\n')[0]);
    // The list follows the box after its debounce: wait for the answer, or fail after 10 s.
    const expectFound = async (text: string, expected: string[]) => {
      await page.getByLabel('Search by name, phone or id').fill(text);
      await expect.poll(names, { timeout: 10_000, message: text }).toEqual(expected);
    };
    await expectFound('Florez', ['María Teresa Ordóñez Flórez']);
    await expectFound('0125194', ['María Teresa Ordóñez Flórez']);
    await expectFound('فاطمه الاشراف', ['فاطمة الأشراف']);
    // Surnames that are the word first, then those it starts.
    await expectFound('flor', ['Nigel Flores', 'María Teresa Ordóñez Flórez']);
    await expectFound('lorez', []);
    await screenshot(page, 'patient-search');
  });
});

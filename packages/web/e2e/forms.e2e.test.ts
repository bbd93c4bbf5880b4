import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventForm, isFocused, signIn } from './app-steps.js';
import { buildWebApp, launchDevice, screenshot } from './browser.js';
import type { Device } from './browser.js';

// Registration, edit and new visit are one form component: on submit with
// invalid answers, each says how many and moves focus to the first invalid
// field, in the form's order.

const eventForm = {
  name: 'Triage',
  description: 'First look',
  form_fields: [
    { id: 'temperature', name: 'Temperature', fieldType: 'free-text', inputType: 'number' },
    {
      id: 'complaint',
      name: 'Complaint',
      required: true,
      fieldType: 'free-text',
      inputType: 'text',
    },
    {
      id: 'diagnosis',
      name: 'Diagnosis',
      required: true,
      fieldType: 'diagnosis',
      inputType: 'select',
    },
  ],
};

describe('the forms in Chromium', () => {
  let server: TestServer;
  let device: Device;
  let user: TestUser;

  beforeAll(async () => {
    await buildWebApp();
    server = await startTestServer();
    const url = await server.listen();
    user = await server.addUser('provider', allPermissions);
    await createEventForm(server, eventForm);
    device = await launchDevice(url);
    await signIn(device.page, user);
  });

  afterAll(async () => {
    await device?.close();
    await server?.close();
  });

  it('registration focuses the first invalid field, then the next one', async () => {
    const { page } = device;
    await page.getByRole('link', { name: 'Register a patient' }).click();
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please correct 4 fields.' }).waitFor();
    await expect.poll(() => isFocused(page.getByLabel('Given name'))).toBe(true);
    expect(await page.getByLabel('Given name').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Given name').fill('Layla');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please correct 3 fields.' }).waitFor();
    await expect.poll(() => isFocused(page.getByLabel('Surname'))).toBe(true);
    await screenshot(page, 'forms-01-registration-invalid');

    await page.getByLabel('Surname').fill('Nasser');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByLabel('Date of birth').fill('1985-02-03');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByRole('heading', { level: 2, name: 'Layla Nasser' }).waitFor();
  });

  it('edit focuses the field emptied', async () => {
    const { page } = device;
    await page.getByRole('link', { name: 'Edit patient' }).click();
    await page.getByLabel('Surname').fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please correct 1 field.' }).waitFor();
    await expect.poll(() => isFocused(page.getByLabel('Surname'))).toBe(true);
    await page.getByText('Surname is required.').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { level: 2, name: 'Layla Nasser' }).waitFor();
  });

  it('a new visit focuses the first invalid field; a list field is focused as its group', async () => {
    const { page } = device;
    await page.getByRole('link', { name: 'New visit' }).click();
    await page.getByLabel('Temperature').fill('hot');
    await page.getByRole('button', { name: 'Save visit' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please correct 3 fields.' }).waitFor();
    await expect.poll(() => isFocused(page.getByLabel('Temperature'))).toBe(true);

    await page.getByLabel('Temperature').fill('37.5');
    await page.getByLabel('Complaint').fill('Headache');
    await page.getByRole('button', { name: 'Save visit' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please correct 1 field.' }).waitFor();
    const diagnosis = page.getByRole('group', { name: 'Diagnosis' });
    await expect.poll(() => isFocused(diagnosis)).toBe(true);
    await screenshot(page, 'forms-02-visit-invalid');

    await diagnosis.getByRole('button', { name: 'Add diagnosis' }).click();
    await page.getByLabel('ICD-10 code 1').fill('R51');
    await page.getByRole('button', { name: 'Save visit' }).click();
    await page.getByRole('heading', { level: 2, name: 'Layla Nasser' }).waitFor();
    await page.getByText('Headache').waitFor();
  });
});

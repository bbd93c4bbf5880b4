import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFocused, signIn } from './app-steps.js';
import { seriousViolations } from './axe-check.js';
import { buildWebApp, launchDevice, screenshot } from './browser.js';
import type { Device } from './browser.js';

// The console's form builder: an administrator builds an event form for the
// server's clinic (a required field labelled in Arabic, a choice with
// options, a field added by keyboard alone), with its preview in Arabic;
// a provider of that clinic syncs, and in Arabic sees the field's Arabic
// label, right to left; a label changed in the console reaches them at the
// next sync; a deleted form leaves their device too. A registration form
// starts from the base patient fields and one added reaches the provider.

const formName = 'Antenatal check';

async function signInToConsole(page: Page, user: TestUser) {
  await page.goto('/admin');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
}

/** Fills a label's three languages, in the group the builder names `legend`. */
async function fillTexts(scope: Locator, legend: string, en: string, ar: string, es = '') {
  const group = scope.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('English').fill(en);
  await group.getByLabel('Arabic').fill(ar);
  if (es) await group.getByLabel('Spanish').fill(es);
}

const fieldGroup = (page: Page, number: number) =>
  page.getByRole('group', { name: new RegExp(`^Field ${number}:`) });

/** A patient of the server's clinic, pushed by `user`, so the provider's first sync brings them. */
async function addPatient(server: TestServer, user: TestUser) {
  const device = { auth: user.basic, deviceId: 'seeding-device' };
  const patient = makeRow('patients', {
    given_name: 'Layla',
    surname: 'Nasser',
    primary_clinic_id: server.clinicId,
  });
  const first = await pull(server.app, device, 0);
  await push(server.app, device, first.timestamp, {
    patients: { created: [asPushed(patient, 'created')] },
  });
}

describe('the form builder, in Chromium', () => {
  let server: TestServer;
  let url: string;
  let provider: TestUser;
  let admin: Device;
  let clinician: Device;

  beforeAll(async () => {
    await buildWebApp();
    server = await startTestServer();
    url = await server.listen();
    provider = await server.addUser('provider', allPermissions);
    await addPatient(server, provider);
    admin = await launchDevice(url);
  }, 240_000);

  afterAll(async () => {
    await clinician?.close();
    await admin?.close();
    await server?.close();
  });

  it('builds an event form for a clinic, previewed in Arabic right to left', async () => {
    const { page } = admin;
    await signInToConsole(page, server.admin);
    await page.getByRole('link', { name: 'Forms', exact: true }).click();
    await page.getByRole('heading', { name: 'Forms', level: 2 }).waitFor();
    await page.getByText('No event forms yet.').waitFor();
    await page.getByRole('button', { name: 'New event form' }).click();

    await page.getByLabel('Form name').fill(formName);
    await page.getByLabel('Description').fill('At every antenatal visit');
    await page.getByRole('group', { name: 'Clinics' }).getByLabel('Test clinic').check();

    const first = fieldGroup(page, 1);
    await fillTexts(first, 'Label of field 1', 'Chief complaint', 'الشكوى الرئيسية', 'Motivo');
    await first.getByLabel('Field 1 needs an answer').check();
    expect(await first.getByLabel('Arabic').getAttribute('dir')).toBe('rtl');

    await page.getByRole('button', { name: 'Add a field' }).click();
    const second = fieldGroup(page, 2);
    await second.getByLabel('Type of field 2').selectOption({ label: 'Choice of one' });
    await fillTexts(second, 'Label of field 2', 'Triage category', 'فئة الفرز');
    await fillTexts(second, 'Option 1 of field 2', 'Green', 'أخضر');
    await second.getByRole('button', { name: 'Add an option to field 2' }).click();
    await fillTexts(second, 'Option 2 of field 2', 'Red', 'أحمر');

    // The preview, as the clinician app will show it, in Arabic.
    const preview = page.getByTestId('form-preview');
    await preview.getByLabel('Chief complaint').waitFor();
    await page.getByLabel('Preview language').selectOption('ar');
    await preview.getByLabel('الشكوى الرئيسية').waitFor();
    expect(await preview.getAttribute('dir')).toBe('rtl');
    const triage = preview.getByRole('combobox', { name: 'فئة الفرز' });
    expect(await triage.getByRole('option').allTextContents()).toEqual(['اختر…', 'أخضر', 'أحمر']);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-forms-01-builder-arabic-preview');

    await page.getByRole('button', { name: 'Save the form' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Form ${formName} saved` })
      .waitFor();
  }, 60_000);

  it('adds a field by keyboard alone', async () => {
    const { page } = admin;
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const add = page.getByRole('button', { name: 'Add a field' });
    for (let presses = 0; presses < 80; presses += 1) {
      if (await isFocused(add)) break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    // The new field takes the focus on its type.
    const third = fieldGroup(page, 3);
    await expect.poll(() => isFocused(third.getByLabel('Type of field 3'))).toBe(true);
    await page.keyboard.type('Number');
    await page.keyboard.press('Tab');
    await expect.poll(() => isFocused(third.getByLabel('English'))).toBe(true);
    await page.keyboard.type('Temperature');
    await page.keyboard.press('Tab');
    await page.keyboard.type('درجة الحرارة');
    expect(await third.getByLabel('Type of field 3').inputValue()).toBe('number');
    await page.getByTestId('form-preview').getByLabel('درجة الحرارة').waitFor();
    // Up above the choice, by keyboard: the focus stays on the moved field's button.
    const up = page.getByRole('button', { name: 'Move field 3 up' });
    for (let presses = 0; presses < 10 && !(await isFocused(up)); presses += 1) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await fieldGroup(page, 2).filter({ hasText: 'Temperature' }).waitFor();
    await expect
      .poll(() => isFocused(page.getByRole('button', { name: 'Move field 2 up' })))
      .toBe(true);
    await screenshot(page, 'admin-forms-02-keyboard-field');
    // Enter in a text input saves the form.
    await fieldGroup(page, 2).getByLabel('English').press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Form ${formName} saved` })
      .waitFor();
  }, 60_000);

  it("shows the form to the clinic's provider in Arabic, right to left", async () => {
    clinician = await launchDevice(url);
    const { page } = clinician;
    await signIn(page, provider);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('heading', { level: 2, name: 'هذا الجهاز' }).waitFor();
    await page.getByRole('link', { name: 'ClinicSync' }).click();
    await page.getByRole('link', { name: /Layla Nasser/ }).click();
    await page.getByRole('link', { name: 'زيارة جديدة' }).click();
    await page.getByRole('combobox', { name: 'النموذج' }).selectOption({ label: formName });
    await page.getByLabel('الشكوى الرئيسية').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const labels = await page.locator('.form-grid > .field > label').allTextContents();
    expect(labels).toEqual(['الشكوى الرئيسية *', 'درجة الحرارة', 'فئة الفرز']);
    const triage = page.getByRole('combobox', { name: 'فئة الفرز' });
    expect(await triage.getByRole('option').allTextContents()).toEqual(['اختر…', 'أخضر', 'أحمر']);
    await screenshot(page, 'admin-forms-03-provider-arabic');
  }, 60_000);

  it('a label changed in the console reaches the provider at the next sync', async () => {
    await admin.page.getByRole('button', { name: 'Back to the forms' }).click();
    await admin.page.getByRole('cell', { name: 'Test clinic' }).waitFor();
    expect(await seriousViolations(admin.page)).toEqual([]);
    await admin.page.getByRole('button', { name: `Edit ${formName}` }).click();
    const first = fieldGroup(admin.page, 1);
    await first
      .getByRole('group', { name: 'Label of field 1' })
      .getByLabel('Arabic')
      .fill('سبب الزيارة');
    await admin.page.getByRole('button', { name: 'Save the form' }).click();
    await admin.page
      .getByRole('status')
      .filter({ hasText: `Form ${formName} saved` })
      .waitFor();

    const { page } = clinician;
    await page.getByRole('button', { name: 'زامِن الآن' }).click();
    // The open form follows the device's data: its label changes in place.
    await page.getByLabel('سبب الزيارة').waitFor();
    expect(await page.getByLabel('الشكوى الرئيسية').count()).toBe(0);
  }, 60_000);

  it('deletes the form after asking; the provider loses it at the next sync', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: `Delete ${formName}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Delete the form ${formName}?`).waitFor();
    await dialog.getByRole('button', { name: 'Delete the form' }).click();
    await page.getByText('No event forms yet.').waitFor();

    await clinician.page.getByRole('button', { name: 'زامِن الآن' }).click();
    await clinician.page.getByRole('combobox', { name: 'النموذج' }).waitFor({ state: 'detached' });
  }, 60_000);

  it('builds a registration form from the base fields; the provider registers with it', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'New registration form' }).click();
    const given = fieldGroup(page, 1).filter({ hasText: 'Given name' });
    // A base field fills a patients column: its type stays, and it cannot be removed.
    expect(await given.getByLabel('Type of field 1').isDisabled()).toBe(true);
    expect(await given.getByRole('button', { name: 'Remove field 1' }).count()).toBe(0);
    await page.getByLabel('Form name').fill('Registration');
    await page.getByRole('button', { name: 'Add a field' }).click();
    const added = fieldGroup(page, 11);
    await added.getByRole('group', { name: 'Label of field 11' }).getByLabel('English').fill(' ');
    await page.getByRole('button', { name: 'Save the form' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Not saved: Field 11 needs a label in English.' })
      .waitFor();
    await fillTexts(added, 'Label of field 11', 'Blood group', 'فصيلة الدم', 'Grupo sanguíneo');
    await page.getByRole('button', { name: 'Save the form' }).click();
    await page.getByRole('status').filter({ hasText: 'Form Registration saved' }).waitFor();

    const clinic = clinician.page;
    await clinic.getByRole('button', { name: 'زامِن الآن' }).click();
    await clinic.getByRole('link', { name: 'ClinicSync' }).click();
    await clinic.getByRole('link', { name: 'تسجيل مريض' }).click();
    await clinic.getByLabel('فصيلة الدم').waitFor();
    await clinic.getByLabel('الاسم الأول').waitFor();
    await screenshot(clinic, 'admin-forms-04-provider-registration-arabic');
  }, 60_000);
});

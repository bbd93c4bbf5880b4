import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventForm, signIn } from './app-steps.js';
import { buildWebApp, launchDevice, screenshot } from './browser.js';
import type { Device } from './browser.js';

// The clinician app in Arabic (right to left, the layout mirrored) and in
// Spanish: chosen in the settings, remembered across a reload and a
// sign-out; a form's fields labelled in the chosen language.

const eventForm = {
  name: 'Triage',
  form_fields: [
    {
      id: 'complaint',
      name: 'Chief complaint',
      label: { en: 'Chief complaint', ar: 'الشكوى الرئيسية', es: 'Motivo de consulta' },
      required: true,
      fieldType: 'free-text',
      inputType: 'text',
    },
  ],
};

const htmlOf = (page: Page) =>
  page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
  }));

/** Whether the brand sits to the right of the settings link, as it does in right-to-left. */
async function brandOnTheRight(page: Page, settingsName: string): Promise<boolean> {
  const brand = await page.getByRole('link', { name: 'ClinicSync' }).boundingBox();
  const settings = await page.getByRole('link', { name: settingsName }).boundingBox();
  if (!brand || !settings) throw new Error('the header is not on screen');
  return brand.x > settings.x;
}

describe('the app in Arabic and Spanish, in Chromium', () => {
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

  it('starts in English, left to right', async () => {
    const { page } = device;
    expect(await htmlOf(page)).toEqual({ lang: 'en', dir: 'ltr' });
    expect(await brandOnTheRight(page, 'Settings')).toBe(false);
  });

  it('switches to Arabic in the settings: right to left, mirrored, in Arabic', async () => {
    const { page } = device;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('heading', { level: 2, name: 'هذا الجهاز' }).waitFor();
    expect(await htmlOf(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    await page
      .getByTestId('pending-count')
      .filter({ hasText: 'تمت مزامنة جميع التغييرات' })
      .waitFor();
    await page.getByRole('button', { name: 'زامِن الآن' }).waitFor();
    expect(await brandOnTheRight(page, 'الإعدادات')).toBe(true);
    // The idle lock's choices, with Arabic's plural forms.
    await page.getByRole('option', { name: 'دقيقتان' }).waitFor({ state: 'attached' });
    await page.getByRole('option', { name: '10 دقائق' }).waitFor({ state: 'attached' });
    await screenshot(page, 'languages-01-settings-arabic');
  });

  it('registers a patient with the form in Arabic, its messages in Arabic', async () => {
    const { page } = device;
    await page.getByRole('link', { name: 'ClinicSync' }).click();
    await page.getByRole('link', { name: 'تسجيل مريض' }).click();
    await page.getByRole('button', { name: 'تسجيل المريض' }).click();
    await page.getByRole('alert').filter({ hasText: 'يُرجى تصحيح 4 حقول.' }).waitFor();
    await page.getByText('الحقل «الاسم الأول» مطلوب.').waitFor();
    await page.getByLabel('الاسم الأول').fill('ليلى');
    await page.getByLabel('اسم العائلة').fill('ناصر');
    await page.getByRole('combobox', { name: 'الجنس' }).selectOption('female');
    await page.getByLabel('تاريخ الميلاد').fill('1985-02-03');
    await page.getByRole('button', { name: 'تسجيل المريض' }).click();
    await page.getByRole('heading', { level: 2, name: 'ليلى ناصر' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'الزيارات' }).waitFor();
    // The back arrow points the way back: to the right.
    const arrow = await page
      .locator('.back-arrow')
      .first()
      .evaluate((element) => getComputedStyle(element).transform);
    expect(arrow).toBe('matrix(-1, 0, 0, 1, 0, 0)');
  });

  it('shows an event form field with its Arabic label, and records the visit', async () => {
    const { page } = device;
    await page.getByRole('link', { name: 'زيارة جديدة' }).click();
    await page.getByRole('button', { name: 'حفظ الزيارة' }).click();
    await page.getByText('الحقل «الشكوى الرئيسية» مطلوب.').waitFor();
    await page.getByLabel('الشكوى الرئيسية').fill('صداع');
    await screenshot(page, 'languages-02-visit-form-arabic');
    await page.getByRole('button', { name: 'حفظ الزيارة' }).click();
    await page.getByRole('heading', { level: 2, name: 'ليلى ناصر' }).waitFor();
    await page.getByText('صداع').waitFor();
  });

  it('is still in Arabic after a reload', async () => {
    const { page } = device;
    await page.reload();
    await page.getByRole('heading', { level: 3, name: 'الزيارات' }).waitFor();
    expect(await htmlOf(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    await page
      .getByTestId('pending-count')
      .filter({ hasText: 'تمت مزامنة جميع التغييرات' })
      .waitFor();
    // The answer under its field's Arabic label (its form_data keeps the English name).
    await page.getByRole('term').filter({ hasText: 'الشكوى الرئيسية' }).waitFor();
    await screenshot(page, 'languages-03-chart-arabic');
  });

  it('switches to Spanish: left to right again, the form field labelled in Spanish', async () => {
    const { page } = device;
    await page.getByRole('link', { name: 'الإعدادات' }).click();
    await page.getByLabel('اللغة').selectOption('es');
    await page.getByRole('heading', { level: 2, name: 'Este dispositivo' }).waitFor();
    expect(await htmlOf(page)).toEqual({ lang: 'es', dir: 'ltr' });
    expect(await brandOnTheRight(page, 'Configuración')).toBe(false);
    await page.getByRole('link', { name: 'ClinicSync' }).click();
    await page.getByRole('heading', { level: 2, name: 'Pacientes' }).waitFor();
    await page.getByRole('link', { name: /ليلى ناصر/ }).click();
    await page.getByRole('link', { name: 'Nueva consulta' }).click();
    await page.getByLabel('Motivo de consulta').waitFor();
    await screenshot(page, 'languages-04-visit-form-spanish');
    await page.getByRole('button', { name: 'Cancelar' }).click();
    await page.getByRole('heading', { level: 3, name: 'Consultas' }).waitFor();
    await page.getByRole('term').filter({ hasText: 'Motivo de consulta' }).waitFor();
  });

  it('keeps the choice after sign-out; the sign-in screen has the menu too', async () => {
    const { page } = device;
    await page
      .getByTestId('pending-count')
      .filter({ hasText: 'Todos los cambios sincronizados' })
      .waitFor();
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('button', { name: 'Iniciar sesión' }).waitFor();
    expect(await htmlOf(page)).toEqual({ lang: 'es', dir: 'ltr' });
    await page.getByTestId('sign-in-notice').filter({ hasText: 'Sesión cerrada' }).waitFor();
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // How the sign-out went, now in English too.
    await page.getByTestId('sign-in-notice').filter({ hasText: 'Signed out' }).waitFor();
    expect(await htmlOf(page)).toEqual({ lang: 'en', dir: 'ltr' });
    await screenshot(page, 'languages-05-sign-in-english');
  });
});

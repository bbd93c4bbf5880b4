import type { TestServer } from '@clinicsync/testing/server';
import type { Locator, Page } from 'playwright-core';

/** Signs in on the app's sign-in screen and waits for the first sync to finish. */
export async function signIn(
  page: Page,
  user: { readonly email: string; readonly password: string },
  options: { readonly syncTimeoutMs?: number } = {},
): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await synced(page, options.syncTimeoutMs);
}

/** Waits until the last sync finished with nothing left to push. */
export async function synced(page: Page, timeout?: number): Promise<void> {
  const wait = timeout === undefined ? {} : { timeout };
  await page.getByTestId('pending-count').filter({ hasText: 'All changes synced' }).waitFor(wait);
  await page.getByTestId('last-synced').filter({ hasNotText: 'Never' }).waitFor(wait);
  await page.getByRole('button', { name: 'Sync now' }).and(page.locator(':enabled')).waitFor(wait);
}

/** Whether the element has the keyboard focus. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

/** Creates an event form through the administration API, as the super administrator. */
export async function createEventForm(server: TestServer, form: object): Promise<void> {
  const signedIn = await server.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email: server.admin.email, password: server.admin.password },
  });
  const { token } = signedIn.json<{ token: string }>();
  const created = await server.app.inject({
    method: 'POST',
    url: '/api/admin/event-forms',
    headers: { authorization: `Bearer ${token}` },
    payload: form,
  });
  if (created.statusCode !== 201) {
    throw new Error(`creating the event form answered ${created.statusCode}: ${created.body}`);
  }
}

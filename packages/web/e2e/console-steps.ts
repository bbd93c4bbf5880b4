import type { Page } from 'playwright-core';

/** Signs in on the console's own sign-in screen (the console opens no local database). */
export async function signInToConsole(
  page: Page,
  user: { readonly email: string; readonly password: string },
): Promise<void> {
  await page.goto('/admin');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
}

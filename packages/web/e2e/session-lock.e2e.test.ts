import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPermissions, pull, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { signIn, synced } from './app-steps.js';
import { buildWebApp, launchDevice, screenshot } from './browser.js';
import type { Device } from './browser.js';

async function registerPatient(page: Page, given: string, surname: string): Promise<void> {
  await page.goto('/#/register');
  await page.getByLabel('Given name').fill(given);
  await page.getByLabel('Surname').fill(surname);
  await page.getByLabel('Sex').selectOption('male');
  await page.getByLabel('Date of birth').fill('1979-11-20');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await page.getByRole('heading', { level: 2, name: `${given} ${surname}` }).waitFor();
}

async function patientNamesOnServer(server: TestServer): Promise<string[]> {
  const answer = await pull(server.app, { auth: server.admin.basic }, null);
  const patients = answer.changes['patients'];
  return [...(patients?.created ?? []), ...(patients?.updated ?? [])].map(
    (p) => `${String(p['given_name'])} ${String(p['surname'])}`,
  );
}

async function storedToken(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      (JSON.parse(localStorage.getItem('clinicsync.session') ?? '{}') as { token: string }).token,
  );
}

async function tokenWorks(server: TestServer, token: string): Promise<boolean> {
  const answer = await server.app.inject({
    method: 'GET',
    url: '/api/v2/sync?last_pulled_at=0&schema_version=9',
    headers: { authorization: `Bearer ${token}` },
  });
  return answer.statusCode === 200;
}

/** Every request URL and console line of the browser, to check no token ever shows in one. */
function recordTraffic(device: Device): string[] {
  const seen: string[] = [];
  device.context.on('request', (request) => seen.push(request.url()));
  device.context.on('console', (message) => seen.push(message.text()));
  return seen;
}

describe('signing out, expiry and the idle lock, in Chromium', () => {
  let server: TestServer;
  let device: Device;
  let alice: TestUser;
  let bob: TestUser;
  let traffic: string[];
  const tokens = new Set<string>();

  beforeAll(async () => {
    await buildWebApp();
    server = await startTestServer();
    const url = await server.listen();
    alice = await server.addUser('provider', allPermissions);
    bob = await server.addUser('provider', allPermissions);
    device = await launchDevice(url);
    traffic = recordTraffic(device);
  });

  afterAll(async () => {
    await device?.close();
    await server?.close();
  });

  it('sign-out with unsynced changes says so, waits, sends them, revokes the token and wipes the device', async () => {
    const { page, context } = device;
    await signIn(page, alice);
    const token = await storedToken(page);
    tokens.add(token);
    await context.setOffline(true);
    await registerPatient(page, 'Nabil', 'Haddad');
    await page.getByTestId('pending-count').filter({ hasText: '1 change waiting' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    const choice = page.getByRole('alertdialog');
    await choice
      .getByRole('heading', { name: '1 change on this device has not reached the server' })
      .waitFor();
    expect(await choice.getByRole('button', { name: 'Send them first' }).isDisabled()).toBe(true);
    await choice.getByText('Sending them needs a connection.').waitFor();
    await screenshot(page, 'session-01-sign-out-pending');
    await choice.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { level: 2, name: 'Nabil Haddad' }).waitFor();
    await page.getByTestId('pending-count').filter({ hasText: '1 change waiting' }).waitFor();

    // Asked offline; the connection comes back while the question is open.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await context.setOffline(false);
    await choice
      .getByRole('button', { name: 'Send them first' })
      .and(page.locator(':enabled'))
      .click();
    await page.getByTestId('sign-in-notice').filter({ hasText: 'Signed out' }).waitFor();
    expect(await patientNamesOnServer(server)).toContain('Nabil Haddad');
    expect(await tokenWorks(server, token)).toBe(false);
    expect(await page.evaluate(() => localStorage.getItem('clinicsync.session'))).toBeNull();
  });

  it('"Delete them and sign out" drops the unsynced change, offline too; the next sign-in starts empty', async () => {
    const { page, context } = device;
    await signIn(page, alice);
    tokens.add(await storedToken(page));
    await context.setOffline(true);
    await registerPatient(page, 'Dropped', 'Record');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Delete them and sign out' }).click();
    await page.getByTestId('sign-in-notice').filter({ hasText: 'could not be told' }).waitFor();
    await screenshot(page, 'session-02-signed-out-offline');

    await context.setOffline(false);
    await signIn(page, alice);
    tokens.add(await storedToken(page));
    await page.getByLabel('Search by name, phone or id').fill('dropped');
    await page.getByText('0 found on this device').waitFor();
    expect(await page.getByRole('link', { name: 'Dropped Record' }).count()).toBe(0);
    expect(await patientNamesOnServer(server)).not.toContain('Dropped Record');
  });

  it('a token the server refuses locks the records behind sign-in; signing in again opens them', async () => {
    const { page, context } = device;
    await context.setOffline(true);
    await registerPatient(page, 'Kept', 'Locally');
    // Revoked elsewhere (another sign-out of the same token) while this device is offline.
    await server.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { authorization: `Bearer ${await storedToken(page)}` },
    });
    await context.setOffline(false);
    await page.getByTestId('lock-notice').filter({ hasText: 'no longer accepts' }).waitFor();
    expect(await page.getByText('Kept Locally').count()).toBe(0);
    expect(await patientNamesOnServer(server)).not.toContain('Kept Locally');
    await screenshot(page, 'session-03-refused-lock');
    expect(await page.getByLabel('Email').inputValue()).toBe(alice.email);
    await page.getByLabel('Password').fill(alice.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => patientNamesOnServer(server), { timeout: 60_000 })
      .toContain('Kept Locally');
    await synced(page);
    tokens.add(await storedToken(page));
  });

  it('the idle lock hides the records in every tab, opens offline with the password, and a wrong one fails', async () => {
    const { page, context } = device;
    const other = await context.newPage();
    await other.goto('/#/');
    await synced(other);
    // The setting in milliseconds (the app offers minutes): short for the test.
    await page.evaluate(() => localStorage.setItem('clinicsync.idleLockMs', '1500'));
    await page.reload();
    await page.getByTestId('lock-notice').filter({ hasText: 'not used for a while' }).waitFor();
    await other.getByTestId('lock-notice').filter({ hasText: 'not used for a while' }).waitFor();
    expect(await other.getByTestId('pending-count').count()).toBe(0);
    await screenshot(page, 'session-04-idle-lock');
    await other.close();

    await page.evaluate(() => localStorage.setItem('clinicsync.idleLockMs', String(10 * 60_000)));
    await context.setOffline(true);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The password does not match').waitFor();
    await page.getByLabel('Password').fill(alice.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('pending-count').waitFor();
    await page.goto('/#/');
    await page.getByLabel('Search by name, phone or id').fill('kept');
    await page.getByRole('link', { name: 'Kept Locally' }).waitFor();
    await context.setOffline(false);
  });

  it("another user signing in over a lock never sees the first user's records; unsynced ones are asked about", async () => {
    const { page, context } = device;
    await context.setOffline(true);
    await registerPatient(page, 'Private', 'Draft');
    await page.goto('/#/settings');
    await page.getByRole('button', { name: 'Lock now' }).click();
    await page.getByTestId('lock-notice').waitFor();
    await context.setOffline(false);

    await page.getByLabel('Email').fill(bob.email);
    await page.getByLabel('Password').fill(bob.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const choice = page.getByRole('alertdialog');
    await choice
      .getByRole('heading', { name: /^1 change by provider \d+ has not reached the server$/ })
      .waitFor();
    await screenshot(page, 'session-05-hand-over');
    await choice.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('lock-notice').waitFor();

    await page.getByLabel('Email').fill(bob.email);
    await page.getByLabel('Password').fill(bob.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await choice.getByRole('button', { name: /^Delete them and continue as/ }).click();
    await synced(page);
    tokens.add(await storedToken(page));
    await page.goto('/#/');
    await page.getByLabel('Search by name, phone or id').fill('private');
    await page.getByText('0 found on this device').waitFor();
    expect(await page.getByRole('link', { name: 'Private Draft' }).count()).toBe(0);
    // Alice's patients that reached the server are the clinic's: Bob receives them by sync.
    await page.getByLabel('Search by name, phone or id').fill('kept');
    await page.getByRole('link', { name: 'Kept Locally' }).waitFor();
  });

  it('a disabled account is locked out, and cannot sign in again', async () => {
    const { page } = device;
    const signedIn = await server.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: server.admin.email, password: server.admin.password },
    });
    const { token } = signedIn.json<{ token: string }>();
    const disabled = await server.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${bob.id}`,
      headers: { authorization: `Bearer ${token}` },
      payload: { disabled: true },
    });
    expect(disabled.statusCode).toBe(200);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByTestId('lock-notice').filter({ hasText: 'account disabled' }).waitFor();
    expect(await page.getByTestId('pending-count').count()).toBe(0);
    await page.getByLabel('Password').fill(bob.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is wrong, or the account is disabled.').waitFor();
    await page.getByTestId('lock-notice').waitFor();
  });

  it("over a lock, the first user's unsynced changes can be sent with their sign-in before the next user's records arrive", async () => {
    const { page, context } = device;
    const dave = await server.addUser('provider', allPermissions);
    // Bob (locked, nothing unsynced) makes way at once.
    await page.getByLabel('Email').fill(alice.email);
    await page.getByLabel('Password').fill(alice.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await synced(page);
    tokens.add(await storedToken(page));
    await context.setOffline(true);
    await registerPatient(page, 'Sent', 'Before');
    await page.goto('/#/settings');
    await page.getByRole('button', { name: 'Lock now' }).click();
    await context.setOffline(false);
    await page.getByLabel('Email').fill(dave.email);
    await page.getByLabel('Password').fill(dave.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Send them first' }).click();
    await synced(page);
    await page.locator('.app-header').getByText(dave.name, { exact: true }).waitFor();
    expect(await patientNamesOnServer(server)).toContain('Sent Before');
    tokens.add(await storedToken(page));
  });

  it('a sign-in past its expiry locks the records', async () => {
    const shortServer = await startTestServer({ tokenTtlMs: 15_000 });
    const url = await shortServer.listen();
    const carol = await shortServer.addUser('provider', allPermissions);
    const shortDevice = await launchDevice(url);
    try {
      await signIn(shortDevice.page, carol);
      await shortDevice.page
        .getByTestId('lock-notice')
        .filter({ hasText: 'Your sign-in has expired.' })
        .waitFor({ timeout: 60_000 });
      expect(await shortDevice.page.getByTestId('pending-count').count()).toBe(0);
      await screenshot(shortDevice.page, 'session-06-expired');
    } finally {
      await shortDevice.close();
      await shortServer.close();
    }
  });

  it('no token ever appeared in a URL or a console line', () => {
    expect(tokens.size).toBeGreaterThanOrEqual(4);
    for (const token of tokens) {
      expect(traffic.filter((line) => line.includes(token))).toEqual([]);
    }
    expect(traffic.some((line) => line.includes('/api/v2/sync'))).toBe(true);
  });
});

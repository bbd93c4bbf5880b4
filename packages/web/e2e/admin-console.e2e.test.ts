import { openNodeDevice } from '@clinicsync/client/node';
import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './app-steps.js';
import { seriousViolations } from './axe-check.js';
import { buildWebApp, launchDevice, screenshot } from './browser.js';
import type { Device } from './browser.js';

// The administration console at /admin: an administrator creates a clinic
// (by keyboard alone) and a provider in it with permission flags; a provider
// is told the console is not for them; offline it says it needs a
// connection; axe-core finds no serious or critical violation on any page.

const provider = {
  email: 'amal.haddad@example.org',
  name: 'Amal Haddad',
  password: 'lantern-orchard-violet-harbour',
};

/** Signs in on the console's own sign-in screen (the console opens no local database). */
async function signInToConsole(
  page: Page,
  user: { readonly email: string; readonly password: string },
) {
  await page.goto('/admin');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
}

/**
 * Two providers change a patient's hometown: the second push, based on a
 * pull from before the first edit, is applied and the first value logged as
 * replaced. Returns the patient and a push of a further edit by the first.
 */
async function makeConflict(server: TestServer, label: string) {
  const alice = await server.addUser('provider', allPermissions);
  const bob = await server.addUser('provider', allPermissions);
  const alicePhone = { auth: alice.basic, deviceId: `alice-${label}` };
  const bobTablet = { auth: bob.basic, deviceId: `bob-${label}` };
  const patient = makeRow('patients', { hometown: 'Start', primary_clinic_id: server.clinicId });
  const edit = (hometown: string) => ({
    patients: { updated: [asPushed({ ...patient, hometown }, 'updated', ['hometown'])] },
  });
  const a0 = await pull(server.app, alicePhone, 0);
  await push(server.app, alicePhone, a0.timestamp, {
    patients: { created: [asPushed(patient, 'created')] },
  });
  const b0 = await pull(server.app, bobTablet, 0);
  const a1 = await pull(server.app, alicePhone, a0.timestamp);
  await push(server.app, alicePhone, a1.timestamp, edit(`Alice ${label}`));
  await push(server.app, bobTablet, b0.timestamp, edit(`Bob ${label}`));
  return {
    patientId: patient.id,
    editAgain: async (hometown: string) => {
      const a2 = await pull(server.app, alicePhone, a1.timestamp);
      await push(server.app, alicePhone, a2.timestamp, edit(hometown));
    },
  };
}

/** A super administrator's token, to check what the console saved. */
async function adminToken(server: TestServer): Promise<string> {
  const signedIn = await server.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email: server.admin.email, password: server.admin.password },
  });
  return signedIn.json<{ token: string }>().token;
}

function providerSignIn(server: TestServer, password: string) {
  return server.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email: provider.email, password },
  });
}

describe('the administration console, in Chromium', () => {
  let server: TestServer;
  let url: string;
  let admin: Device;
  /** The provider who signed in to the clinician app, so has a device with syncs. */
  let syncedUser: TestUser | undefined;

  beforeAll(async () => {
    await buildWebApp();
    server = await startTestServer();
    url = await server.listen();
    admin = await launchDevice(url);
  }, 240_000);

  afterAll(async () => {
    await admin?.close();
    await server?.close();
  });

  it('creates a clinic by keyboard alone, and lists it with its counts', async () => {
    const { page } = admin;
    await signInToConsole(page, server.admin);
    await page.getByRole('heading', { name: 'Clinics', level: 2 }).waitFor();
    await page.getByRole('row').nth(1).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-01-clinics');

    // From the top of the page, Tab to the new clinic's name, type, Enter.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const field = page.getByLabel('Name of the new clinic');
    for (let presses = 0; presses < 40; presses += 1) {
      if (await field.evaluate((element) => element === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('Riverside Clinic');
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'Clinic Riverside Clinic created.' })
      .waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Riverside Clinic' });
    await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('0');
    await expect(row.getByRole('cell').nth(2).textContent()).resolves.toBe('0');
  }, 120_000);

  it('renames a clinic', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Rename Riverside Clinic' }).click();
    await page.getByLabel('New name for Riverside Clinic').fill('Riverside Health Centre');
    await page.getByRole('button', { name: 'Save the name' }).click();
    await page.getByRole('cell', { name: 'Riverside Health Centre', exact: true }).waitFor();
    expect(await page.getByRole('cell', { name: 'Riverside Clinic', exact: true }).count()).toBe(0);
  }, 60_000);

  it('creates a provider with flags, showing the server password rule first', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
    await page.getByRole('cell', { name: server.admin.email, exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Email').fill(provider.email);
    await page.getByLabel('Name', { exact: true }).fill(provider.name);
    await page.getByLabel('Password').fill('password123');
    await page.getByLabel('Role').selectOption({ label: 'Provider' });
    await page.getByLabel('Home clinic').selectOption({ label: 'Riverside Health Centre' });
    await page.getByLabel('Register patients').check();
    await page.getByLabel('Prescribe medications').check();
    await page.getByRole('button', { name: 'Create the user' }).click();
    // The server's own password rule, as sent.
    await page
      .getByRole('alert')
      .filter({ hasText: /Not saved: password: .*15/ })
      .waitFor();
    await screenshot(page, 'admin-02-users-refused');

    await page.getByLabel('Password').fill(provider.password);
    await page.getByRole('button', { name: 'Create the user' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `User ${provider.email} created.` })
      .waitFor();
    const row = page.getByRole('row').filter({ hasText: provider.email });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Riverside Health Centre');
    await expect(row.textContent()).resolves.toContain('Provider');
    await screenshot(page, 'admin-03-users');

    // The flags reached the server as chosen.
    const token = await adminToken(server);
    const listed = await server.app.inject({
      method: 'GET',
      url: '/api/admin/users?limit=500',
      headers: { authorization: `Bearer ${token}` },
    });
    const created = listed
      .json<{ users: { email: string; clinics: { permissions: Record<string, boolean> }[] }[] }>()
      .users.find((user) => user.email === provider.email);
    const flags = created?.clinics[0]?.permissions ?? {};
    expect(Object.keys(flags).filter((flag) => flags[flag])).toEqual([
      'can_register_patients',
      'can_prescribe_medications',
    ]);

    // The new clinic now counts one user.
    await page.getByRole('link', { name: 'Clinics', exact: true }).click();
    // Until the clinics page has replaced the users page, the new user's row
    // (which names the clinic too) would answer for the clinic's.
    await page.getByRole('heading', { name: 'Clinics', level: 2 }).waitFor();
    const clinic = page.getByRole('row').filter({ hasText: 'Riverside Health Centre' });
    await expect
      .poll(() => clinic.getByRole('cell').nth(1).textContent(), { timeout: 10_000 })
      .toBe('1');
  }, 120_000);

  it("edits a user's flags, resets their password (the server's rule first) and disables them", async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('link', { name: provider.name, exact: true }).click();
    await page.getByRole('heading', { name: provider.name, level: 2 }).waitFor();
    await page.getByText('No device has synced yet.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const flags = page.getByRole('group', { name: 'Permissions in Riverside Health Centre' });
    await expect(flags.getByLabel('Prescribe medications').isChecked()).resolves.toBe(true);
    await flags.getByLabel('Prescribe medications').uncheck();
    await flags.getByLabel('View history').check();
    await page
      .getByRole('button', { name: 'Save the permissions in Riverside Health Centre' })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Permissions in Riverside Health Centre saved.' })
      .waitFor();

    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Reset the password' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Not saved: password: .*15/ })
      .waitFor();
    await page.getByLabel('New password').fill('copper-meadow-signal-lighthouse');
    await page.getByRole('button', { name: 'Reset the password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password reset' }).waitFor();
    expect((await providerSignIn(server, 'copper-meadow-signal-lighthouse')).statusCode).toBe(200);
    expect((await providerSignIn(server, provider.password)).statusCode).not.toBe(200);

    await page.getByRole('button', { name: 'Disable the account' }).click();
    await page.getByRole('button', { name: 'Enable the account' }).waitFor();
    await screenshot(page, 'admin-04-user');

    const token = await adminToken(server);
    const listed = await server.app.inject({
      method: 'GET',
      url: '/api/admin/users?limit=500',
      headers: { authorization: `Bearer ${token}` },
    });
    const saved = listed
      .json<{
        users: {
          email: string;
          disabled: boolean;
          clinics: { permissions: Record<string, boolean> }[];
        }[];
      }>()
      .users.find((user) => user.email === provider.email);
    expect(saved?.disabled).toBe(true);
    const row = saved?.clinics[0]?.permissions ?? {};
    expect(Object.keys(row).filter((flag) => row[flag])).toEqual([
      'can_register_patients',
      'can_view_history',
    ]);
    // Disabled, even the new password signs in no more.
    expect((await providerSignIn(server, 'copper-meadow-signal-lighthouse')).statusCode).not.toBe(
      200,
    );
  }, 120_000);

  it('says it needs a connection when offline, and opens again online', async () => {
    const { context, page } = admin;
    await page.getByRole('link', { name: 'Clinics', exact: true }).click();
    await page.getByRole('cell', { name: 'Riverside Health Centre', exact: true }).waitFor();
    await context.setOffline(true);
    await page.getByRole('status').filter({ hasText: 'needs a connection' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-05-offline');
    await context.setOffline(false);
    await page.getByRole('cell', { name: 'Riverside Health Centre', exact: true }).waitFor();
  }, 60_000);

  it('reads right to left in Arabic', async () => {
    const { page } = admin;
    await page.evaluate(() => localStorage.setItem('clinicsync.language', 'ar'));
    try {
      // A reload, as a hash-only change of URL is not a page load.
      await page.goto('/admin#/clinics');
      await page.reload();
      await page.getByRole('heading', { name: 'الإدارة', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'العيادات', level: 2 }).waitFor();
      await page.getByRole('cell', { name: 'Riverside Health Centre', exact: true }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'admin-06-arabic');
    } finally {
      await page.evaluate(() => localStorage.setItem('clinicsync.language', 'en'));
    }
  }, 60_000);

  it('tells a provider the console is not for them; the clinician app has no link to it', async () => {
    const device = await launchDevice(url);
    try {
      const { page } = device;
      syncedUser = await server.addUser('provider', allPermissions);
      await signIn(page, syncedUser);
      expect(await page.getByRole('link', { name: 'Administration' }).count()).toBe(0);
      await page.goto('/admin');
      await page.getByRole('alert').filter({ hasText: 'Not allowed' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Administration pages' }).count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'admin-07-not-allowed');
    } finally {
      await device.close();
    }
  }, 120_000);

  it("shows a user's device with its last pull and push", async () => {
    const { page } = admin;
    if (!syncedUser) throw new Error('the provider did not sign in');
    await page.goto('/admin#/users');
    await page.reload();
    await page.getByRole('link', { name: syncedUser.name, exact: true }).click();
    const device = page.getByRole('row').nth(1);
    await page.getByRole('columnheader', { name: 'Last pull' }).waitFor();
    await device.waitFor();
    const cells = await device.getByRole('cell').allTextContents();
    expect(cells[1]).not.toBe('Never');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-08-devices');
  }, 60_000);

  it('lists every device and the sync log, filtered by kind; the conflicts and access log pages', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Devices and sync', exact: true }).click();
    await page.getByRole('heading', { name: 'Sync log', level: 3 }).waitFor();
    const log = page.getByRole('table').nth(1);
    await log.getByRole('row').nth(1).waitFor();
    await page.getByLabel('Kind').selectOption({ label: 'Pull' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await log.getByRole('row').nth(1).waitFor();
    const kindColumn = 3;
    await expect
      .poll(async () => {
        const rows = await log.getByRole('row').all();
        const kinds = await Promise.all(
          rows.slice(1).map((row) => row.getByRole('cell').nth(kindColumn).textContent()),
        );
        return [...new Set(kinds)];
      })
      .toEqual(['Pull']);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-09-sync-log');

    await page.getByRole('link', { name: 'Conflicts', exact: true }).click();
    await page.getByRole('heading', { name: 'Conflicts', level: 2 }).waitFor();
    await page.getByText('No open conflicts.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-10-conflicts');

    await page.getByRole('link', { name: 'Access log', exact: true }).click();
    await page.getByRole('heading', { name: 'Access log', level: 2 }).waitFor();
    await page.getByRole('table').or(page.getByText('Nothing logged yet.')).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-11-access-log');
  }, 60_000);

  it('resolves conflicts made by two pushes: restores one, and shows the 409 of one changed since', async () => {
    const { page } = admin;
    const restored = await makeConflict(server, 'restore');
    const stale = await makeConflict(server, 'stale');
    await page.getByRole('link', { name: 'Conflicts', exact: true }).click();
    await page.getByRole('heading', { name: 'Conflicts', level: 2 }).waitFor();
    const first = page.getByRole('article', { name: new RegExp(restored.patientId) });
    await first.getByText('Bob restore').waitFor();
    await first.getByText('Alice restore').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-12-conflict-queue');

    await first.getByRole('button', { name: 'Restore the replaced value' }).click();
    await page.getByRole('status').filter({ hasText: '1 conflict resolved.' }).waitFor();
    expect(await first.count()).toBe(0);

    await stale.editAgain('Alice again');
    const second = page.getByRole('article', { name: new RegExp(stale.patientId) });
    await second.getByRole('button', { name: 'Restore the replaced value' }).click();
    await second.getByRole('alert').filter({ hasText: 'Not saved:' }).waitFor();
    await screenshot(page, 'admin-13-conflict-changed-since');
    expect(await second.count()).toBe(1);

    // The restore is on the server: the patient's hometown is Alice's again.
    const token = await adminToken(server);
    const closed = await server.app.inject({
      method: 'GET',
      url: '/api/admin/conflicts?limit=500&open=false',
      headers: { authorization: `Bearer ${token}` },
    });
    const entries = closed.json<{
      conflicts: { row_id: string; resolved: { action: string } | null }[];
    }>().conflicts;
    expect(entries.find((c) => c.row_id === restored.patientId)?.resolved?.action).toBe('restore');
    expect(entries.some((c) => c.row_id === stale.patientId)).toBe(false);
  }, 120_000);

  it('a conflict of two devices editing offline is restored in the queue, and both devices end with the restored value', async () => {
    const { page } = admin;
    const device = async (user: TestUser) =>
      openNodeDevice({
        serverUrl: url,
        auth: { type: 'basic', email: user.email, password: user.password },
      });
    const phone = await device(await server.addUser('provider', allPermissions));
    const tablet = await device(await server.addUser('provider', allPermissions));
    try {
      const patient = await phone.store.create('patients', {
        given_name: 'Salma',
        surname: 'Nasser',
        hometown: 'Start',
        primary_clinic_id: server.clinicId,
      });
      await phone.engine.sync();
      await tablet.engine.sync();
      // Both edit with no connection; the tablet syncs last, so its value is applied.
      await phone.store.update('patients', patient.id, { hometown: 'Zahle (phone)' });
      await tablet.store.update('patients', patient.id, { hometown: 'Byblos (tablet)' });
      await phone.engine.sync();
      await tablet.engine.sync();
      await phone.engine.sync();
      expect((await phone.store.find('patients', patient.id))?.hometown).toBe('Byblos (tablet)');

      await page.goto('/admin');
      await page.getByRole('link', { name: 'Conflicts', exact: true }).click();
      const entry = page.getByRole('article', { name: new RegExp(patient.id) });
      await entry.getByText('Zahle (phone)').waitFor();
      await entry.getByRole('button', { name: 'Restore the replaced value' }).click();
      await page.getByRole('status').filter({ hasText: '1 conflict resolved.' }).waitFor();

      // The restore is a new change: each device receives it by sync.
      await phone.engine.sync();
      await tablet.engine.sync();
      expect((await phone.store.find('patients', patient.id))?.hometown).toBe('Zahle (phone)');
      expect((await tablet.store.find('patients', patient.id))?.hometown).toBe('Zahle (phone)');
    } finally {
      await phone.close();
      await tablet.close();
    }
  }, 120_000);

  it('reaches every console page and its first control by keyboard alone', async () => {
    const { page } = admin;
    /** Presses Tab until `focused` holds of the focused element; false after 80 presses. */
    const tabUntil = async (focused: () => Promise<boolean>): Promise<boolean> => {
      for (let presses = 0; presses < 80; presses++) {
        await page.keyboard.press('Tab');
        if (await focused()) return true;
      }
      return false;
    };
    const pages = [
      'Clinics',
      'Users',
      'Forms',
      'Conflicts',
      'Devices and sync',
      'Access log',
      'Exports',
    ];
    for (const name of pages) {
      await page.goto('/admin');
      await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
      const onLink = () =>
        page.evaluate((wanted) => {
          const element = document.activeElement;
          return element?.closest('nav') !== null && element?.textContent === wanted;
        }, name);
      expect(await tabUntil(onLink), `Tab reaches the ${name} link`).toBe(true);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name, level: 2 }).waitFor();
      const inPage = () =>
        page.evaluate(() => {
          const element = document.activeElement;
          return (
            element?.closest('main') !== null &&
            /^(BUTTON|INPUT|SELECT|TEXTAREA|A|SUMMARY)$/.test(element?.tagName ?? '')
          );
        });
      // A page with controls (the access log has none: it is read) has them in the Tab order.
      const controls = await page
        .locator('main')
        .locator('button, input, select, textarea, a[href], summary')
        .count();
      if (controls > 0) {
        expect(await tabUntil(inPage), `Tab reaches a control of ${name}`).toBe(true);
      }
    }
  }, 120_000);

  it("links to the console from an administrator's clinician app", async () => {
    const { page } = admin;
    await page.goto('/');
    await page.getByRole('link', { name: 'Administration', exact: true }).click();
    await page.getByRole('heading', { name: 'Clinics', level: 2 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin');
  }, 120_000);
});

import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe-check.js';
import { buildWebApp, launchDevice, screenshot } from './browser.js';
import type { Device } from './browser.js';
import { signInToConsole } from './console-steps.js';

// A user's clinics on their page in the console: added to another clinic
// with flags there, then removed from it after a confirmation; the home
// clinic offers no removal.

interface Membership {
  readonly clinic_id: string;
  readonly permissions: Record<string, boolean>;
}

describe("a user's clinics in the console, in Chromium", () => {
  let server: TestServer;
  let admin: Device;
  let provider: TestUser;
  let hillside: string;

  /** The user's clinics as the server has them now. */
  async function clinicsOf(id: string): Promise<Membership[]> {
    const signedIn = await server.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: server.admin.email, password: server.admin.password },
    });
    const { token } = signedIn.json<{ token: string }>();
    const answer = await server.app.inject({
      method: 'GET',
      url: `/api/admin/users/${id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    return answer.json<{ clinics: Membership[] }>().clinics;
  }

  beforeAll(async () => {
    await buildWebApp();
    server = await startTestServer();
    const url = await server.listen();
    hillside = await server.addClinic('Hillside Clinic');
    provider = await server.addUser('provider', allPermissions);
    admin = await launchDevice(url);
  }, 240_000);

  afterAll(async () => {
    await admin?.close();
    await server?.close();
  });

  it('adds a user to another clinic with flags there', async () => {
    const { page } = admin;
    await signInToConsole(page, server.admin);
    await page.goto(`/admin#/users/${encodeURIComponent(provider.id)}`);
    await page.getByRole('heading', { name: provider.name, level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'Add to a clinic', level: 3 }).waitFor();
    // The home clinic cannot be removed, so it offers no button.
    expect(await page.getByRole('button', { name: /^Remove from/ }).count()).toBe(0);

    await page.getByLabel('Clinic', { exact: true }).selectOption({ label: 'Hillside Clinic' });
    const flags = page.getByRole('group', { name: 'Permissions in that clinic' });
    await flags.getByLabel('View history').check();
    await flags.getByLabel('Edit records').check();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Add to the clinic' }).click();
    await page.getByRole('status').filter({ hasText: 'Added to Hillside Clinic.' }).waitFor();

    const added = page.getByRole('group', { name: 'Permissions in Hillside Clinic' });
    await added.waitFor();
    await expect(added.getByLabel('View history').isChecked()).resolves.toBe(true);
    await expect(added.getByLabel('Register patients').isChecked()).resolves.toBe(false);
    await page.getByText('They already belong to every clinic you administer.').waitFor();
    await screenshot(page, 'admin-16-user-clinics');

    const row = (await clinicsOf(provider.id)).find((m) => m.clinic_id === hillside);
    const granted = Object.keys(row?.permissions ?? {}).filter((flag) => row?.permissions[flag]);
    expect(granted.sort()).toEqual(['can_edit_records', 'can_view_history']);
  }, 120_000);

  it('removes them from that clinic after a confirmation; cancelling keeps them', async () => {
    const { page } = admin;
    const remove = page.getByRole('button', { name: 'Remove from Hillside Clinic' });
    await remove.click();
    const confirmation = page.getByRole('group', { name: 'Remove from Hillside Clinic?' });
    await confirmation.getByText(`Remove ${provider.name} from Hillside Clinic?`).waitFor();
    // The confirmation takes the focus, so Enter or Escape-then-Tab work by keyboard.
    await expect(
      confirmation
        .getByRole('button', { name: 'Yes, remove' })
        .evaluate((button) => button === document.activeElement),
    ).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-17-remove-confirm');

    await confirmation.getByRole('button', { name: 'Cancel' }).click();
    await expect(remove.evaluate((button) => button === document.activeElement)).resolves.toBe(
      true,
    );
    expect((await clinicsOf(provider.id)).map((m) => m.clinic_id)).toContain(hillside);

    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Removed from Hillside Clinic.' }).waitFor();
    await page.getByRole('group', { name: 'Permissions in Hillside Clinic' }).waitFor({
      state: 'detached',
    });
    expect((await clinicsOf(provider.id)).map((m) => m.clinic_id)).toEqual([server.clinicId]);
    // Hillside is on offer again.
    await page.getByLabel('Clinic', { exact: true }).waitFor();
  }, 120_000);
});

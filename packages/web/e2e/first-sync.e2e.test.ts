import { seedDatabase } from '@clinicsync/server';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './app-steps.js';
import { buildWebApp, launchDevice, screenshot } from './browser.js';
import type { Device } from './browser.js';

// A first sync applies the server's records page by page (10,000 rows each,
// the web app's page size in src/lib/device.ts),
// and every page is a committed change to the patients table. The patient
// list must not read the database again per page. About ten records per
// patient: CLINICSYNC_E2E_PATIENTS=20000 measures a first sync of 200,000.
const patients = Number(process.env['CLINICSYNC_E2E_PATIENTS'] ?? 2_000);

/** What the page asks of its database worker, counted in the page before the app starts. */
interface WorkerCalls {
  /** Reads of the patient list with no search (the latest patients). */
  readonly patientListReads: number;
  /** Batches that stored a pulled page (each commits with the pull's position). */
  readonly pulledPages: number;
  /** When the batch of the pull's last page was sent (it sets `last_pulled_at`). */
  readonly lastPageAt: number | null;
  /** Every state of the sync's progress bar with an end, in order, and when it was seen. */
  readonly bar: { value: number; max: number; at: number }[];
}

function countWorkerCalls(): void {
  const counts = {
    patientListReads: 0,
    pulledPages: 0,
    lastPageAt: null as number | null,
    bar: [] as { value: number; max: number; at: number }[],
  };
  const seeBar = () => {
    const bar = document.querySelector<HTMLProgressElement>('[data-testid="sync-progress"]');
    if (!bar?.hasAttribute('max') || !bar.hasAttribute('value')) return;
    const last = counts.bar.at(-1);
    if (last?.value === bar.value && last.max === bar.max) return;
    counts.bar.push({ value: bar.value, max: bar.max, at: performance.now() });
  };
  new MutationObserver(seeBar).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['value', 'max'],
  });
  (window as unknown as { workerCalls: WorkerCalls }).workerCalls = counts;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
    const call = message as {
      type?: string;
      sql?: string;
      statements?: { params?: unknown[] }[];
    };
    if (
      call.type === 'query' &&
      /FROM "patients" .*ORDER BY "updated_at" DESC/.test(call.sql ?? '')
    ) {
      counts.patientListReads++;
    }
    if (
      call.type === 'batch' &&
      call.statements?.some(
        (s) => s.params?.[0] === 'pull_next' || s.params?.[0] === 'last_pulled_at',
      )
    ) {
      counts.pulledPages++;
      if (call.statements.some((s) => s.params?.[0] === 'last_pulled_at')) {
        counts.lastPageAt = performance.now();
      }
    }
    return (post as (...args: unknown[]) => void).call(this, message, ...rest);
  };
}

describe('a first sync in Chromium', () => {
  let server: TestServer;
  let device: Device;
  let user: { email: string; password: string };
  let rows = 0;

  beforeAll(async () => {
    await buildWebApp();
    server = await startTestServer();
    const seeded = await seedDatabase(server.database.db, { seed: 3, clinics: 1, patients });
    rows = seeded.rows;
    const provider = seeded.users.find((u) => u.role === 'provider');
    if (!provider) throw new Error('the seed made no provider');
    user = { email: provider.email, password: seeded.password };
    device = await launchDevice(await server.listen());
  });

  afterAll(async () => {
    await device?.close();
    await server?.close();
  });

  it('re-reads the patient list once when the pull is over, not once per page', async () => {
    const { page } = device;
    await page.addInitScript(countWorkerCalls);
    await signIn(page, user, { syncTimeoutMs: 600_000 });
    await page.getByText(/^Latest 50 patients$/).waitFor();
    const calls = await page.evaluate(
      () => (window as unknown as { workerCalls: WorkerCalls }).workerCalls,
    );
    await screenshot(page, 'first-sync-done');
    expect(calls.pulledPages).toBeGreaterThanOrEqual(Math.floor(rows / 10_000));
    // Once when the list appears, once when the pull is over.
    expect(calls.patientListReads).toBe(2);
  });

  it('shows the whole pull from its first page, and a full bar only once the last page is in', async () => {
    const calls = await device.page.evaluate(
      () => (window as unknown as { workerCalls: WorkerCalls }).workerCalls,
    );
    const { bar, lastPageAt } = calls;
    expect(bar.length).toBeGreaterThan(1);
    // The end is known from the first page on and does not move.
    expect(new Set(bar.map((b) => b.max)).size).toBe(1);
    expect(bar[0]!.max).toBeGreaterThan(rows / 2);
    const full = bar.findIndex((b) => b.value === b.max);
    expect(full).toBe(bar.length - 1);
    expect(bar[full]!.at).toBeGreaterThanOrEqual(lastPageAt!);
    for (let i = 1; i < bar.length; i++) expect(bar[i]!.value).toBeGreaterThan(bar[i - 1]!.value);
  });
});

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';

export const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const webDir = fileURLToPath(new URL('..', import.meta.url));
export const screenshotDir = fileURLToPath(new URL('../../../test-results/web/', import.meta.url));

/** Set by the e2e run's global setup (build-once.ts) once the app is built for this run. */
export const webAppBuiltVariable = 'CLINICSYNC_E2E_WEB_BUILT';

/** Builds the app into packages/web/dist, where the server's web route finds it. */
export async function buildWebApp(): Promise<void> {
  if (process.env[webAppBuiltVariable] === '1') return;
  // Vitest sets NODE_ENV=test, which would make Vite build React's development
  // bundle and leave import.meta.env.PROD false (no service worker).
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      root: webDir,
      configFile: join(webDir, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
}

export interface Device {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** A Chromium with a fresh profile of its own (its own OPFS, service worker and storage). */
export async function launchDevice(baseUrl: string): Promise<Device> {
  const profile = mkdtempSync(join(tmpdir(), 'clinicsync-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    baseURL: baseUrl,
    viewport: { width: 1100, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

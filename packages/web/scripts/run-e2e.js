#!/usr/bin/env node
// Runs the browser end-to-end tests in Debian's Chromium. On a machine
// without it, a developer's `npm test` says so and goes on; CI (CI=true)
// installs Chromium first, so there a missing browser is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  const message = `browser tests need Chromium at ${chromium}: apt-get install chromium (or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') {
    console.error(`test:e2e: ${message}`);
    process.exit(1);
  }
  console.warn(`test:e2e: SKIPPED: ${message}`);
  process.exit(0);
}
const config = fileURLToPath(new URL('../vitest.e2e.config.ts', import.meta.url));
const result = spawnSync('npx', ['vitest', 'run', '--config', config, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

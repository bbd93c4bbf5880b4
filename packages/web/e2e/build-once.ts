import { buildWebApp, webAppBuiltVariable } from './browser.js';

/**
 * Vitest's global setup for the browser tests: builds the web app once for
 * the whole run, where each file's `buildWebApp()` used to build it again
 * (about 15 s a file on CI's two cores). The forks inherit the variable that
 * says it is done; a file run on its own still builds.
 */
export default async function setup(): Promise<void> {
  await buildWebApp();
  process.env[webAppBuiltVariable] = '1';
}

import { buildOnce, builtForTestsVariable } from './run-cli.js';

/**
 * Vitest's global setup: compiles the packages once for the whole run, so
 * the command line's tests (about fifteen files, each of which built them
 * before its first command) start at once. The test processes inherit the
 * variable that says it is done.
 */
export default function setup(): void {
  buildOnce();
  process.env[builtForTestsVariable] = '1';
}

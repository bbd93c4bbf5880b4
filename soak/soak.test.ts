import { beforeAll, expect, test } from 'vitest';
import { buildOnce } from '@clinicsync/testing/cli';
import { replayCommand, runSoak } from './lib/run-soak.js';
import type { SoakOptions } from './lib/run-soak.js';

// The short soak of `npm test`: a fresh seed each run (printed, with the
// command that replays it when anything fails), so the runs of many days
// explore many schedules. `npm run soak` runs the long form.
const options: SoakOptions = {
  devices: 6,
  steps: 400,
  seed: Number(process.env['SOAK_SEED'] ?? Math.floor(Math.random() * 1_000_000)),
  restarts: 2,
  databaseUrl: process.env['TEST_DATABASE_URL'],
  // On PostgreSQL, two server processes share the database, devices spread across both.
  servers: process.env['TEST_DATABASE_URL'] ? 2 : 1,
};

beforeAll(() => buildOnce(), 240_000);

test(`a short soak under faults, server kills and scope changes loses and leaks nothing (seed ${options.seed})`, async () => {
  const result = await runSoak(options);
  const report = `${result.failures.slice(0, 60).join('\n')}\nreplay: ${replayCommand(options)}`;
  expect(result.failures, report).toEqual([]);
  const { figures } = result;
  // The run really did what it claims to test.
  expect(figures.devices.sdk).toBeGreaterThan(0);
  expect(figures.devices.watermelon).toBeGreaterThan(0);
  expect(figures.operations.total).toBe(options.steps);
  expect(figures.faults.total).toBeGreaterThan(0);
  expect(figures.serverKills.total).toBe(options.restarts);
  expect(figures.servers).toBe(options.servers);
  expect(figures.recordsCompared).toBeGreaterThan(0);
  // Several clinics, and scopes that moved: clinics joined and left, patients followed.
  expect(figures.clinics).toBeGreaterThanOrEqual(3);
  expect(figures.scopeChanges.join).toBeGreaterThan(0);
  expect(figures.scopeChanges.leave).toBeGreaterThan(0);
  expect(figures.scopeChanges.follow + figures.scopeChanges.missed).toBeGreaterThan(0);
  expect(figures.leaked).toEqual({ duringRun: 0, atEnd: 0 });
  expect(figures.accounting.lost).toBe(0);
  expect(figures.accounting.duplicates).toBe(0);
}, 300_000);

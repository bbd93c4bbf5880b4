import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyWireRow } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asPushed, clinicalRow } from '@clinicsync/testing/fixtures';
import { allPermissions, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { buildOnce, runCli } from '@clinicsync/testing/cli';

// `clinicsync device lookup`, `follow`, `unfollow` and what `device sync`
// says when a patient leaves: a provider of the test server's clinic and
// Layla Nasser, a patient of clinic B with a visit and an event.
let server: TestServer;
let provider: TestUser;
let dir: string;
let db: string;
let layla: AnyWireRow;

const device = (args: readonly string[]) => runCli(['device', ...args]);

beforeAll(async () => {
  buildOnce();
  server = await startTestServer();
  const url = await server.listen();
  provider = await server.addUser('provider', allPermissions);
  const clinicB = { id: await server.addClinic('Clinic B') };
  const providerOfB = await server.addUser('provider', allPermissions, clinicB.id);
  layla = clinicalRow('patients', clinicB.id, {
    given_name: 'Layla',
    surname: 'Nasser',
    sex: 'female',
    date_of_birth: '1984-02-29',
  });
  const visit = clinicalRow('visits', clinicB.id, { patient_id: layla.id });
  const event = clinicalRow('events', clinicB.id, { patient_id: layla.id, visit_id: visit.id });
  const pushed = await push(server.app, { auth: providerOfB.basic }, null, {
    patients: { created: [asPushed(layla, 'created')], updated: [], deleted: [] },
    visits: { created: [asPushed(visit, 'created')], updated: [], deleted: [] },
    events: { created: [asPushed(event, 'created')], updated: [], deleted: [] },
  });
  expect(pushed).toMatchObject({ status: 200, body: { ok: true } });
  expect(pushed.body['rejected']).toBeUndefined();

  dir = mkdtempSync(join(tmpdir(), 'clinicsync-device-scope-'));
  db = join(dir, 'a.db');
  const init = await runCli(
    ['device', 'init', '--server', url, '--email', provider.email, '--db', db],
    { CLINICSYNC_PASSWORD: provider.password },
  );
  expect(init.code).toBe(0);
  expect((await device(['sync', '--db', db])).code).toBe(0);
}, 240_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const slow = { timeout: 240_000 };

describe('clinicsync device lookup, follow and unfollow', () => {
  test('--help describes them', async () => {
    const cases: [string[], RegExp[]][] = [
      [
        ['device', '--help'],
        [/lookup/, /follow/, /unfollow/],
      ],
      [
        ['device', 'lookup', '--help'],
        [/<query>/, /--limit/, /--db/, /in\s+your\s+scope/, /access\s+log/],
      ],
      [
        ['device', 'follow', '--help'],
        [/<patient-id>/, /--db/, /next\s+`device\s+sync`/],
      ],
      [
        ['device', 'unfollow', '--help'],
        [/<patient-id>/, /--db/, /one\s+sync\s+after\s+the\s+next/],
      ],
      [
        ['device', 'sync', '--help'],
        [/removed/, /left\s+this\s+device/],
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    results.forEach((result, i) => {
      const [args, patterns] = cases[i]!;
      expect(result.code, args.join(' ')).toBe(0);
      for (const pattern of patterns) expect(result.stdout, args.join(' ')).toMatch(pattern);
    });
  });

  test(
    'lookup shows her, not in scope; follow, sync: her chart arrives; unfollow, two syncs: she leaves, by name',
    slow,
    async () => {
      const found = await device(['lookup', 'nasser', '--db', db]);
      expect(found.stderr).toBe('');
      expect(found.code).toBe(0);
      expect(found.stdout).toMatch(/1 patient in the organisation matches "nasser"/);
      expect(found.stdout).toMatch(/ID\s+NAME\s+BORN\s+SEX\s+CLINIC\s+IN SCOPE/);
      expect(found.stdout).toMatch(
        new RegExp(`${layla.id}\\s+Layla Nasser\\s+1984-02-29\\s+female\\s+Clinic B\\s+no\\n`),
      );
      const none = await device(['lookup', 'zzzz-nobody', '--db', db]);
      expect(none.stdout).toMatch(/No patient in the organisation matches "zzzz-nobody"/);

      const follow = await device(['follow', layla.id, '--db', db]);
      expect(follow.stderr).toBe('');
      expect(follow.code).toBe(0);
      expect(follow.stdout).toMatch(`clinicsync device sync --db ${db}`);
      const arrived = await device(['sync', '--db', db]);
      expect(arrived.code).toBe(0);
      expect(arrived.stdout).toMatch(/arrived\s+\d+ records/);
      expect(arrived.stdout).toMatch(/patients 1 \(1 created\)/);
      expect(arrived.stdout).toMatch(/removed\s+0 records from this device/);
      expect((await device(['lookup', layla.id, '--db', db])).stdout).toMatch(/\syes\n/);

      const unfollow = await device(['unfollow', layla.id, '--db', db]);
      expect(unfollow.code).toBe(0);
      expect(unfollow.stdout).toMatch(/one sync after the next/);
      const first = await device(['sync', '--db', db]);
      expect(first.stdout).toMatch(/removed\s+0 records/);
      expect(first.stdout).not.toMatch(/left\s/);
      const second = await device(['sync', '--db', db]);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/removed\s+3 records from this device/);
      expect(second.stdout).toMatch(/left\s+1 patient: no longer in your clinics/);
      expect(second.stdout).toMatch(new RegExp(`\\n\\s+${layla.id}  Layla Nasser\\n`));
      expect((await device(['status', '--db', db])).stdout).toMatch(/Pending:\s+0\n/);
    },
  );

  test('a malformed id or a patient the server does not have fails with one line', async () => {
    const bad = await device(['follow', 'not an id', '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/is not a patient id/);
    const missing = await device(['follow', 'no-such-patient', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/did not find patient no-such-patient/);
    for (const result of [bad, missing]) {
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

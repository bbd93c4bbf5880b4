import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openNodeDevice } from '@clinicsync/client/node';
import type { TableName } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, pull, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { buildOnce, runCli } from '@clinicsync/testing/cli';

let server: TestServer;
let provider: TestUser;
let url: string;
let dir: string;

beforeAll(async () => {
  buildOnce();
  server = await startTestServer();
  url = await server.listen();
  provider = await server.addUser('provider', allPermissions);
  dir = mkdtempSync(join(tmpdir(), 'clinicsync-device-'));
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One line on stderr, no stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

const device = (args: readonly string[]) => runCli(['device', ...args]);
/** `device init` as a script runs it: the password in CLINICSYNC_PASSWORD, never on argv. */
const init = (db: string, password = provider.password, serverUrl = url, ...more: string[]) =>
  runCli(
    ['device', 'init', '--server', serverUrl, '--email', provider.email, '--db', db, ...more],
    {
      CLINICSYNC_PASSWORD: password,
    },
  );

const compared: readonly TableName[] = ['patients', 'visits', 'events', 'patient_vitals'];

/** Every live record of the compared tables in a device database, by table and id. */
async function readDevice(file: string): Promise<Record<string, Record<string, unknown>[]>> {
  const opened = await openNodeDevice({
    file,
    serverUrl: url,
    auth: { type: 'bearer', token: '' },
  });
  try {
    const result: Record<string, Record<string, unknown>[]> = {};
    for (const table of compared) {
      result[table] = await opened.store.query(table, { orderBy: [{ column: 'id' }] });
    }
    return result;
  } finally {
    await opened.close();
  }
}

/** The ids of the live records of the compared tables on the server. */
async function serverIds(): Promise<Record<string, string[]>> {
  const page = await pull(server.app, { auth: server.admin.basic }, null);
  const result: Record<string, string[]> = {};
  for (const table of compared) {
    const changes = page.changes[table];
    const deleted = new Set(changes?.deleted ?? []);
    result[table] = [...(changes?.created ?? []), ...(changes?.updated ?? [])]
      .map((row) => row.id)
      .filter((id) => !deleted.has(id))
      .sort();
  }
  return result;
}

const slow = { timeout: 240_000 };

describe('clinicsync device', () => {
  test('--help describes every subcommand', async () => {
    const cases: [string[], RegExp[]][] = [
      [
        ['device', '--help'],
        [/init/, /sync/, /status/, /add-patient/, /simulate/],
      ],
      [
        ['device', 'init', '--help'],
        [/--server/, /--email/, /CLINICSYNC_PASSWORD/, /--db/, /--force/],
      ],
      [
        ['device', 'sync', '--help'],
        [/--db/, /progress/],
      ],
      [
        ['device', 'status', '--help'],
        [/--db/, /pending/],
      ],
      [
        ['device', 'add-patient', '--help'],
        [/--given-name/, /--surname/, /--sex/, /--date-of-birth/, /--phone/, /--db/],
      ],
      [
        ['device', 'simulate', '--help'],
        [/--steps/, /--seed/, /--sync-every/, /--db/],
      ],
      [['--help'], [/device/]],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    results.forEach((result, i) => {
      const [args, patterns] = cases[i]!;
      expect(result.code, args.join(' ')).toBe(0);
      for (const pattern of patterns) expect(result.stdout, args.join(' ')).toMatch(pattern);
    });
  });

  test('a bad flag or value exits with 2 and one line on stderr', async () => {
    const db = join(dir, 'never.db');
    const cases: [string[], RegExp][] = [
      [['device', 'init', '--email', 'a@b.c'], /required option '--server/],
      [['device', 'init', '--server', 'ftp://x', '--email', 'a@b.c'], /http:\/\//],
      [
        ['device', 'init', '--server', 'http://127.0.0.1:1', '--email', 'a@b.c', '--password', 'x'],
        /--password is not accepted.*CLINICSYNC_PASSWORD/,
      ],
      [
        ['device', 'init', '--server', 'http://127.0.0.1:1', '--email', 'a@b.c', '--db', db],
        /No password: set CLINICSYNC_PASSWORD, or run this in a terminal/,
      ],
      [['device', 'add-patient', '--surname', 'S', '--db', db], /required option '--given-name/],
      [
        [
          'device',
          'add-patient',
          '--given-name',
          'G',
          '--surname',
          'S',
          '--date-of-birth',
          '1990-02-30',
        ],
        /YYYY-MM-DD/,
      ],
      [['device', 'simulate', '--steps', 'many'], /argument 'many' is invalid/],
      [['device', 'simulate', '--sync-every', '0'], /argument '0' is invalid/],
      [['device', 'sync', '--dbb', db], /unknown option '--dbb'/],
      [['device', 'nonsense'], /unknown command 'nonsense'/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    results.forEach((result, i) => {
      const [args, pattern] = cases[i]!;
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(pattern);
      expectOneLine(result.stderr);
    });
    expect(existsSync(db)).toBe(false);
  });

  test(
    'init, add a patient, sync; a second device receives it; simulated edits converge',
    slow,
    async () => {
      const a = join(dir, 'a.db');
      const b = join(dir, 'b.db');

      const wrong = await init(a, 'wrong password');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/email or password is wrong/);
      expectOneLine(wrong.stderr);
      const unreachable = await init(a, provider.password, 'http://127.0.0.1:1');
      expect(unreachable.code).toBe(1);
      expect(unreachable.stderr).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:1/);
      expectOneLine(unreachable.stderr);
      expect(existsSync(a)).toBe(false);
      const notYet = await device(['status', '--db', a]);
      expect(notYet.code).toBe(1);
      expect(notYet.stderr).toMatch(/device init/);

      const signedIn = await init(a);
      expect(signedIn.stderr).toBe('');
      expect(signedIn.code).toBe(0);
      expect(signedIn.stdout).toMatch(`Signed in to ${url} as ${provider.email}`);
      const other = await init(a, provider.password, url.replace('127.0.0.1', 'localhost'));
      expect(other.code).toBe(1);
      expect(other.stderr).toMatch(/--force/);
      expectOneLine(other.stderr);

      const added = await device([
        'add-patient',
        '--given-name',
        'Amina',
        '--surname',
        'Haddad',
        '--sex',
        'female',
        '--date-of-birth',
        '1987-04-23',
        '--db',
        a,
      ]);
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      const patientId = added.stdout.trim();
      expect(patientId).toMatch(/^[0-9a-f-]{36}$/);

      const pending = await device(['status', '--db', a]);
      expect(pending.code).toBe(0);
      expect(pending.stdout).toMatch(`Server:    ${url}`);
      expect(pending.stdout).toMatch(/Pending:\s+1 \(patients 1\)/);
      expect(pending.stdout).toMatch(/Last sync: never/);

      const synced = await device(['sync', '--db', a]);
      expect(synced.stderr).toBe('');
      expect(synced.code).toBe(0);
      expect(synced.stdout).toMatch(/pushed\s+1: patients 1 \(1 created\)/);
      expect(synced.stdout).toMatch(/rejected 0/);
      const onServer = await pull(server.app, { auth: server.admin.basic }, null);
      expect(onServer.changes['patients']?.created.find((p) => p.id === patientId)).toMatchObject({
        given_name: 'Amina',
        surname: 'Haddad',
        sex: 'female',
        date_of_birth: '1987-04-23',
        additional_data: '{}',
      });

      const after = await device(['status', '--db', a]);
      expect(after.stdout).toMatch(/Pending:\s+0\n/);
      expect(after.stdout).toMatch(/Device id: [0-9a-f-]{36}/);
      expect(after.stdout).not.toMatch(/Last sync: never/);

      expect((await init(b)).code).toBe(0);
      const first = await device(['sync', '--db', b]);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/pulled\s+\d+ in 1 page: .*patients 1 \(1 created\)/);
      expect((await readDevice(b))['patients']!.map((p) => p['id'])).toContain(patientId);

      const simulated = await device([
        'simulate',
        '--steps',
        '50',
        '--seed',
        '7',
        '--sync-every',
        '10',
        '--db',
        a,
      ]);
      expect(simulated.stderr).toBe('');
      expect(simulated.code).toBe(0);
      expect(simulated.stdout).toMatch(/Simulated 50 steps .*register patient \d+, add visit \d+/);
      expect(simulated.stdout).toMatch(/Synced 5 times/);
      // Both devices edit, then sync until each has the other's edits.
      const onB = await device(['simulate', '--steps', '20', '--seed', '7', '--db', b]);
      expect(onB.code).toBe(0);
      for (const db of [a, b, a]) expect((await device(['sync', '--db', db])).code).toBe(0);

      const [rowsA, rowsB, ids] = await Promise.all([readDevice(a), readDevice(b), serverIds()]);
      expect(rowsA['patients']!.length).toBeGreaterThan(1);
      expect(rowsA['visits']!.length).toBeGreaterThan(0);
      expect(rowsA['events']!.length).toBeGreaterThan(0);
      expect(rowsB).toEqual(rowsA);
      for (const table of compared) {
        expect(
          rowsA[table]!.map((r) => r['id']),
          table,
        ).toEqual(ids[table]);
      }
      for (const db of [a, b]) {
        expect((await device(['status', '--db', db])).stdout).toMatch(/Pending:\s+0\n/);
      }
    },
  );

  test(
    '--force starts over for another server; a refused sign-in asks for init again',
    slow,
    async () => {
      const c = join(dir, 'c.db');
      expect((await init(c)).code).toBe(0);
      const localhost = url.replace('127.0.0.1', 'localhost');
      const forced = await init(c, provider.password, localhost, '--force');
      expect(forced.code).toBe(0);
      expect((await device(['status', '--db', c])).stdout).toMatch(`Server:    ${localhost}`);

      const sqlite = new Database(c);
      sqlite.prepare(`UPDATE _clinicsync_cli SET value = 'revoked' WHERE key = 'token'`).run();
      sqlite.close();
      const refused = await device(['sync', '--db', c]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/refused the stored sign-in.*clinicsync device init/);
      expectOneLine(refused.stderr);
    },
  );
});

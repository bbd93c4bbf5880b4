import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buildOnce,
  freshStorage,
  killServers,
  runCli,
  runCliOnTerminal,
  signIn,
  startServer,
} from '@clinicsync/testing/cli';
import type { Storage } from '@clinicsync/testing/cli';

const storages: Storage[] = [];
async function storage(): Promise<Storage> {
  const s = await freshStorage();
  storages.push(s);
  return s;
}

beforeAll(() => buildOnce());
afterAll(async () => {
  killServers();
  for (const s of storages) await s.cleanup();
});

const urlPattern = /running at (http:\/\/127\.0\.0\.1:\d+)/;

/** One line on stderr, no stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

// Each scenario starts several processes that open a database (PGlite
// initialises its files in a few seconds, more on a busy machine).
const slow = { timeout: 240_000 };

describe.concurrent('clinicsync', () => {
  test('--help describes every command', async () => {
    const cases: [string[], RegExp[]][] = [
      [['--help'], [/Usage: clinicsync/, /serve/, /admin/, /seed/]],
      [
        ['serve', '--help'],
        [
          /--port/,
          /--host/,
          /--data/,
          /DATABASE_URL/,
          /--demo/,
          /MAX_BODY_MB/,
          /SYNC_CONFLICTS/,
          /LOG_LEVEL/,
          /TOKEN_TTL_HOURS/,
          /ADMIN_EMAIL/,
          /TLS_CERT/,
          /TLS_KEY/,
          /TRUST_PROXY/,
        ],
      ],
      [
        ['backup', '--help'],
        [/--out/, /--encrypt/, /BACKUP_PASSPHRASE/, /0600/],
      ],
      [
        ['restore', '--help'],
        [/--in/, /BACKUP_PASSPHRASE/, /checked first/],
      ],
      [
        ['admin', '--help'],
        [/create/, /reset-password/],
      ],
      [
        ['admin', 'create', '--help'],
        [/--email/, /CLINICSYNC_PASSWORD/, /at least 15 characters/i, /--name/, /--data/],
      ],
      [
        ['admin', 'reset-password', '--help'],
        [/--email/, /CLINICSYNC_PASSWORD/],
      ],
      [
        ['seed', '--help'],
        [/--clinics/, /--patients/, /--seed/, /--batch-size/, /clinicsync-seed-<seed>/],
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    results.forEach((result, i) => {
      const [args, patterns] = cases[i]!;
      expect(result.code, args.join(' ')).toBe(0);
      for (const pattern of patterns) expect(result.stdout, args.join(' ')).toMatch(pattern);
    });
  });

  test('a bad flag or value exits with 2 and one line on stderr', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['serve', '--prot', '3000'], {}, /unknown option '--prot'.*--port/],
      [['serve', '--port', 'abc'], {}, /argument 'abc' is invalid/],
      [['serve'], { PORT: '99999' }, /from env 'PORT' is invalid/],
      [['serve'], { SYNC_CONFLICTS: 'maybe' }, /Allowed choices are merge, reject/],
      [['serve'], { ADMIN_EMAIL: 'a@example.org' }, /ADMIN_EMAIL and ADMIN_PASSWORD/],
      [['seed', '--patients', 'many'], {}, /argument 'many' is invalid/],
      [['admin', 'create'], {}, /required option '--email/],
      [
        ['admin', 'create', '--email', 'a@example.org', '--password', 'typed in the clear'],
        {},
        /--password is not accepted.*CLINICSYNC_PASSWORD/,
      ],
      [
        ['admin', 'reset-password', '--email', 'a@example.org'],
        {},
        /No password: set CLINICSYNC_PASSWORD, or run this in a terminal/,
      ],
      [['serve', '--database-url', 'mysql://x'], {}, /postgres:\/\//],
      [['serve', '--database-read-url', 'mysql://x'], {}, /postgres:\/\//],
      [
        ['serve'],
        { DATABASE_READ_URL: 'postgres://127.0.0.1:5433/clinicsync' },
        /DATABASE_READ_URL.*set --database-url/,
      ],
      [['nonsense'], {}, /unknown command 'nonsense'/],
    ];
    const results = await Promise.all(cases.map(([args, env]) => runCli(args, env)));
    results.forEach((result, i) => {
      const [args, , pattern] = cases[i]!;
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(pattern);
      expectOneLine(result.stderr);
    });
  });

  test('admin create, serve, sign in, stop, serve again: the data is kept', slow, async () => {
    const s = await storage();
    // Scripts give the password in CLINICSYNC_PASSWORD, never on the command line.
    const createAdmin = (password: string) =>
      runCli(['admin', 'create', '--email', 'root@example.org', ...s.args], {
        ...s.env,
        CLINICSYNC_PASSWORD: password,
      });
    const short = await createAdmin('short');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 15 characters/);
    expectOneLine(short.stderr);

    const created = await createAdmin('correct horse battery');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/root@example\.org with id [0-9a-f-]{36}/);

    const taken = await createAdmin('correct horse battery');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/exists/);
    expectOneLine(taken.stderr);

    const first = startServer(s.args, s.env);
    const [, url] = await first.waitFor(urlPattern);
    const health = await fetch(`${url!}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    expect(await signIn(url!, 'root@example.org', 'correct horse battery')).toBe(200);
    expect(await signIn(url!, 'root@example.org', 'wrong horse battery')).toBe(401);
    expect(await first.stop()).toBe(0);
    expect(first.output()).toMatch(/Stopped\./);

    const reset = await runCli(
      ['admin', 'reset-password', '--email', 'root@example.org', ...s.args],
      {
        ...s.env,
        CLINICSYNC_PASSWORD: 'battery staple horse',
      },
    );
    expect(reset.code).toBe(0);

    const second = startServer(s.args, s.env);
    const [, url2] = await second.waitFor(urlPattern);
    expect(await signIn(url2!, 'root@example.org', 'battery staple horse')).toBe(200);
    expect(await signIn(url2!, 'root@example.org', 'correct horse battery')).toBe(401);
    expect(await second.stop()).toBe(0);
  });

  test(
    'on a terminal, admin create asks for the password twice and never shows it',
    slow,
    async () => {
      const s = await storage();
      const args = ['admin', 'create', '--email', 'typist@example.org', ...s.args];
      const asked = /New password for typist@example\.org: /;
      const differ = await runCliOnTerminal(
        args,
        [
          { prompt: asked, reply: 'a quiet evening by the sea' },
          { prompt: /Again, to confirm: /, reply: 'a quiet evening by the see' },
        ],
        s.env,
      );
      expect(differ.code).toBe(2);
      expect(differ.stdout).toMatch(/The two passwords differ; nothing was changed\./);

      const typed = await runCliOnTerminal(
        args,
        [
          { prompt: asked, reply: 'a quiet evening by the sea' },
          { prompt: /Again, to confirm: /, reply: 'a quiet evening by the sea' },
        ],
        s.env,
      );
      expect(typed.code, typed.stdout).toBe(0);
      expect(typed.stdout).toMatch(/Created the super administrator typist@example\.org/);
      expect(typed.stdout).not.toMatch(/quiet evening/);

      const server = startServer(s.args, s.env);
      const [, url] = await server.waitFor(urlPattern);
      expect(await signIn(url!, 'typist@example.org', 'a quiet evening by the sea')).toBe(200);
      expect(await server.stop()).toBe(0);
    },
  );

  test(
    'serve --demo prints credentials that sign in; a later start says the demo exists',
    slow,
    async () => {
      const s = await storage();
      const first = startServer(['--demo', ...s.args], s.env);
      await first.waitFor(/Press Ctrl\+C to stop\.\s*│\s*\n└/);
      const text = first.output();
      const url = text.match(/Web app:\s+(http:\/\/127\.0\.0\.1:\d+)/)![1]!;
      const admin = text.match(/Administrator:\s+(\S+)\s*│\s*\n│\s+password: (\S+)/)!;
      const provider = text.match(/Provider:\s+(\S+)\s*│\s*\n│\s+password: (\S+)/)!;
      expect(admin[1]).toBe('admin@demo.clinicsync.local');
      expect(provider[1]).toBe('provider@demo.clinicsync.local');
      expect(await signIn(url, admin[1]!, admin[2]!)).toBe(200);
      expect(await signIn(url, provider[1]!, provider[2]!)).toBe(200);
      // The box names the administration console, and the server serves it there.
      expect(text).toContain(`Administration: ${url}/admin `);
      const consolePage = await fetch(`${url}/admin`);
      expect(consolePage.status).toBe(200);
      expect(consolePage.headers.get('content-type')).toMatch(/^text\/html/);
      const basic = `Basic ${Buffer.from(`${provider[1]}:${provider[2]}`).toString('base64')}`;
      const pull = await fetch(`${url}/api/v2/sync?last_pulled_at=null`, {
        headers: { authorization: basic },
      });
      const body = (await pull.json()) as { changes: { patients: { created: unknown[] } } };
      expect(body.changes.patients.created.length).toBe(200);
      expect(await first.stop()).toBe(0);

      const second = startServer(['--demo', ...s.args], s.env);
      await second.waitFor(urlPattern);
      expect(second.output()).toMatch(/demo clinic exists/);
      expect(second.output()).toMatch(/administration console http:\/\/127\.0\.0\.1:\d+\/admin;/);
      expect(second.output()).toMatch(
        /clinicsync admin reset-password --email admin@demo\.clinicsync\.local/,
      );
      expect(await second.stop()).toBe(0);
    },
  );

  test('a port in use is one clear line and exit code 1', slow, async () => {
    const s = await storage();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = await runCli(['serve', '--port', String(port), ...s.args], s.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`port ${port} is already in use`));
      expectOneLine(result.stderr);
    } finally {
      blocker.close();
    }
  });

  test('seed writes a small data set and reports counts and rows/s', slow, async () => {
    const s = await storage();
    const result = await runCli(
      ['seed', '--clinics', '1', '--patients', '25', '--seed', '3', ...s.args],
      s.env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /Seeded 25 patients in 1 clinic: [\d,]+ rows \(patients 25, visits \d+, events \d+/,
    );
    expect(result.stdout).toMatch(/rows\/s/);
    expect(result.stdout).toMatch(/c1\.provider1@seed3\.clinicsync\.local/);
    expect(result.stdout).toMatch(/password clinicsync-seed-3/);
  });
});

import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openPgliteDatabase } from '@clinicsync/server';
import {
  buildOnce,
  freshStorage,
  killServers,
  runCli,
  runCliOnTerminal,
} from '@clinicsync/testing/cli';
import type { RunResult, Storage } from '@clinicsync/testing/cli';
import { createScratchDatabase, testEngine } from '@clinicsync/testing/server';

// Backups are their owner's alone, and an encrypted one restores only whole
// and with its passphrase: a wrong passphrase, a changed or cut file each
// fail with one line and leave the target as it was.
const dir = mkdtempSync(join(tmpdir(), 'cs-backup-encrypted-'));
const storages: Storage[] = [];
async function storage(): Promise<Storage> {
  const s = await freshStorage();
  storages.push(s);
  return s;
}
beforeAll(() => buildOnce(), 240_000);
afterAll(async () => {
  killServers();
  for (const s of storages) await s.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const passphrase = 'a long backup passphrase';

/** Where a restore goes: an empty PostgreSQL database (no schema at all), or a new directory. */
async function emptyTarget(): Promise<Storage> {
  const adminUrl = process.env['TEST_DATABASE_URL'];
  if (!adminUrl)
    return { args: ['--data', join(dir, 'restored')], env: {}, cleanup: async () => {} };
  const scratch = await createScratchDatabase(adminUrl, 'cs_restore');
  const target = { args: [], env: { DATABASE_URL: scratch.url }, cleanup: () => scratch.drop() };
  storages.push(target);
  return target;
}
const modeOf = (file: string) => statSync(file).mode & 0o777;

/** The patients in the storage's database; 0 when it has no tables (or no directory) at all. */
async function patientCount(target: Storage): Promise<number> {
  if (target.env['DATABASE_URL']) {
    const client = new pg.Client({ connectionString: target.env['DATABASE_URL'] });
    await client.connect();
    try {
      const tables = await client.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      if (tables.rows[0].n === 0) return 0;
      return (await client.query('SELECT count(*)::int AS n FROM patients')).rows[0].n as number;
    } finally {
      await client.end();
    }
  }
  const dir = target.args[1]!;
  if (!existsSync(dir)) return 0;
  const db = await openPgliteDatabase(dir);
  try {
    return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM patients'))[0]!.n;
  } finally {
    await db.close();
  }
}

/** Nothing was restored: no tables in the database, no data directory. */
async function expectUntouched(target: Storage): Promise<void> {
  expect(await patientCount(target)).toBe(0);
  if (!target.env['DATABASE_URL']) expect(existsSync(target.args[1]!)).toBe(false);
}

function expectOneLine(result: RunResult, code: number, message: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
}

test(
  `backups are 0600; an encrypted one restores only whole, with its passphrase (${testEngine})`,
  { timeout: 480_000 },
  async () => {
    const source = await storage();
    const seeded = await runCli(
      ['seed', ...source.args, '--clinics', '1', '--patients', '5', '--seed', '8'],
      source.env,
    );
    expect(seeded.code, seeded.stderr).toBe(0);

    // A plain backup replaces a world-readable file of the same name with a 0600 one.
    const plain = join(dir, `plain.backup`);
    writeFileSync(plain, 'an older backup');
    chmodSync(plain, 0o644);
    const backup = await runCli(['backup', ...source.args, '--out', plain], source.env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(modeOf(plain)).toBe(0o600);

    const encrypted = join(dir, `encrypted.backup`);
    const noPassphrase = await runCli(['backup', '--encrypt', ...source.args, '--out', encrypted], {
      ...source.env,
      BACKUP_PASSPHRASE: '',
    });
    expectOneLine(noPassphrase, 2, /--encrypt needs a passphrase: set BACKUP_PASSPHRASE/);
    const short = await runCli(['backup', '--encrypt', ...source.args, '--out', encrypted], {
      ...source.env,
      BACKUP_PASSPHRASE: 'too short',
    });
    expectOneLine(short, 2, /at least 15 characters/);
    expect(existsSync(encrypted)).toBe(false);

    // Typed twice on a terminal, and not shown.
    const typed = await runCliOnTerminal(
      ['backup', '--encrypt', ...source.args, '--out', encrypted],
      [
        { prompt: /Passphrase for the backup: $/, reply: passphrase },
        { prompt: /The same passphrase again: $/, reply: passphrase },
      ],
      source.env,
    );
    expect(typed.code, typed.stdout).toBe(0);
    expect(typed.stdout).not.toContain(passphrase);
    expect(modeOf(encrypted)).toBe(0o600);
    const sealed = readFileSync(encrypted);
    expect(sealed.subarray(0, 16).toString('latin1')).toBe('ClinicSyncBackup');

    const target = await emptyTarget();
    const restore = (file: string, env: Record<string, string>) =>
      runCli(['restore', ...target.args, '--in', file], { ...target.env, ...env });
    const damaged = Buffer.from(sealed);
    damaged[Math.floor(damaged.length / 2)]! ^= 0x01;
    writeFileSync(join(dir, 'damaged.backup'), damaged);
    writeFileSync(join(dir, 'cut.backup'), sealed.subarray(0, 81 + 65_552));
    writeFileSync(join(dir, 'plain-cut.backup'), readFileSync(plain).subarray(0, 20_000));

    const refusals: [string, Record<string, string>, number, RegExp][] = [
      [encrypted, { BACKUP_PASSPHRASE: '' }, 2, /is encrypted: set BACKUP_PASSPHRASE/],
      [
        encrypted,
        { BACKUP_PASSPHRASE: `${passphrase}!` },
        1,
        /passphrase does not open this backup/,
      ],
      [join(dir, 'damaged.backup'), { BACKUP_PASSPHRASE: passphrase }, 1, /damaged or was changed/],
      [join(dir, 'cut.backup'), { BACKUP_PASSPHRASE: passphrase }, 1, /cut short|damaged/],
      [join(dir, 'plain-cut.backup'), {}, 1, /damaged|cut short|end of file|could not read/],
    ];
    for (const [file, env, code, message] of refusals) {
      expectOneLine(await restore(file, env), code, message);
      await expectUntouched(target);
    }

    // The passphrase typed on a terminal restores every patient.
    const restored = await runCliOnTerminal(
      ['restore', ...target.args, '--in', encrypted],
      [{ prompt: /Passphrase of .*: $/, reply: passphrase }],
      target.env,
    );
    expect(restored.code, restored.stdout).toBe(0);
    expect(restored.stdout).not.toContain(passphrase);
    expect(await patientCount(target)).toBe(5);
  },
);

import { buildOnce, freshStorage, runCli } from '@clinicsync/testing/cli';
import type { Storage } from '@clinicsync/testing/cli';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { withCliDatabase } from '../src/open-cli-database.js';
import type { StorageFlags } from '../src/storage-options.js';

// `clinicsync admin erase-patient` as an operator runs it: on a seeded
// database, by an administrator's authority, confirmed or refused.

let storage: Storage;
let flags: StorageFlags;
const admin = { email: 'dpo@example.org', password: 'erasure officer passphrase 7' };

beforeAll(async () => {
  buildOnce();
  storage = await freshStorage();
  const seeded = await runCli(
    ['seed', '--clinics', '1', '--patients', '3', ...storage.args],
    storage.env,
  );
  expect(seeded.code, seeded.stderr).toBe(0);
  const created = await runCli(['admin', 'create', '--email', admin.email, ...storage.args], {
    ...storage.env,
    CLINICSYNC_PASSWORD: admin.password,
  });
  expect(created.code, created.stderr).toBe(0);
  flags = {
    data: storage.args[1] ?? '',
    databaseUrl: storage.env['DATABASE_URL'],
  };
}, 120_000);
afterAll(() => storage.cleanup());

const patients = () =>
  withCliDatabase(flags, (db) =>
    db.query<{ id: string; given_name: string; deleted: boolean }>(
      'SELECT id, given_name, _deleted AS deleted FROM patients ORDER BY id',
    ),
  );

describe('clinicsync admin erase-patient', () => {
  test('refuses without a confirmation, an unknown patient or an unknown administrator, and changes nothing', async () => {
    const [patient] = await patients();
    const unconfirmed = await runCli(
      ['admin', 'erase-patient', patient!.id, '--by', admin.email, ...storage.args],
      storage.env,
    );
    expect(unconfirmed.code).not.toBe(0);
    expect(unconfirmed.stderr).toContain('pass --yes');
    const unknown = await runCli(
      ['admin', 'erase-patient', 'no-such-patient', '--by', admin.email, '--yes', ...storage.args],
      storage.env,
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('No patient has the id no-such-patient');
    const stranger = await runCli(
      [
        'admin',
        'erase-patient',
        patient!.id,
        '--by',
        'nobody@example.org',
        '--yes',
        ...storage.args,
      ],
      storage.env,
    );
    expect(stranger.stderr).toContain('No user has the email nobody@example.org');
    for (const result of [unconfirmed, unknown, stranger]) {
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(await patients()).toContainEqual({ ...patient!, deleted: false });
  });

  test('erases one patient, audited under the administrator, and leaves the others', async () => {
    const [patient, other] = await patients();
    const erased = await runCli(
      ['admin', 'erase-patient', patient!.id, '--by', admin.email, '--yes', ...storage.args],
      storage.env,
    );
    expect(erased.code, erased.stderr).toBe(0);
    expect(erased.stdout).toContain(
      `Erased patient ${patient!.id} on the authority of ${admin.email}`,
    );
    expect(erased.stdout).toContain('Devices drop the patient on their next sync.');
    const after = await patients();
    expect(after).toContainEqual({ id: patient!.id, given_name: '', deleted: true });
    expect(after).toContainEqual(other);
    const audit = await withCliDatabase(flags, (db) =>
      db.query<{ action: string; target: string; email: string }>(
        `SELECT a.action, a.target, u.email FROM access_log a JOIN users u ON u.id = a.user_id
          WHERE a.action = 'erase'`,
      ),
    );
    expect(audit).toEqual([{ action: 'erase', target: patient!.id, email: admin.email }]);
  });
});

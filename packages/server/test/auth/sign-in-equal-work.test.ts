import { afterAll, beforeAll, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { Authenticator } from '../../src/auth/authenticate.js';
import { FailureLimiter } from '../../src/auth/failure-limiter.js';
import { verifyPassword } from '../../src/auth/passwords.js';

// Response times must not tell which emails have accounts: every password
// check costs exactly one argon2 verification, against a hash of the same
// parameters, whether the email is unknown, the account disabled, or the
// password wrong or right. Counted through the verifier, never timed.

let server: TestServer;
let known: TestUser;
let disabled: TestUser;
let auth: Authenticator;
const verified: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  known = await server.addUser('provider', allPermissions);
  disabled = await server.addUser('provider', allPermissions);
  await server.database.db.query('UPDATE credentials SET disabled = true WHERE user_id = $1', [
    disabled.id,
  ]);
  // The real argon2 verification, watched: which hash each check used.
  auth = new Authenticator(
    server.database.db,
    new FailureLimiter({ max: 1000, windowMs: 60_000 }),
    {
      verify: (hash, password) => {
        verified.push(hash);
        return verifyPassword(hash, password);
      },
    },
  );
});
afterAll(() => server.close());

async function storedHash(userId: string): Promise<string> {
  const [row] = await server.database.db.query<{ password_hash: string }>(
    'SELECT password_hash FROM credentials WHERE user_id = $1',
    [userId],
  );
  return row!.password_hash;
}

/** An argon2 PHC string without its salt and digest: algorithm, version, cost. */
function costOf(hash: string): string {
  return hash.split('$').slice(1, 4).join('$');
}

test.each<[string, () => [string, string], boolean]>([
  ['an unknown email', () => ['nobody@clinic.test', 'a guess at a password'], false],
  ['a disabled account, with its right password', () => [disabled.email, disabled.password], false],
  ['a known account, a wrong password', () => [known.email, 'a guess at a password'], false],
  ['a known account, its right password', () => [known.email, known.password], true],
])('%s costs one argon2 verification', async (_name, credentials, succeeds) => {
  const [email, password] = credentials();
  verified.length = 0;
  const user = await auth.signIn(email, password, '192.0.2.1');
  expect(user !== undefined).toBe(succeeds);
  expect(verified).toHaveLength(1);
  // The same algorithm and cost as a real password hash, so the same work.
  expect(costOf(verified[0]!)).toBe(costOf(await storedHash(known.id)));
  expect(costOf(verified[0]!)).toMatch(/^argon2id\$v=19\$m=\d+,t=\d+,p=\d+$/);
});

test('an unknown email is checked against a hash that is no account of this server', async () => {
  verified.length = 0;
  await auth.signIn('nobody@clinic.test', 'another guess', '192.0.2.1');
  await auth.signIn('someone.else@clinic.test', 'another guess', '192.0.2.1');
  expect(verified).toHaveLength(2);
  const stored = await server.database.db.query<{ password_hash: string }>(
    'SELECT password_hash FROM credentials',
  );
  expect(stored.map((row) => row.password_hash)).not.toContain(verified[0]);
  // One dummy hash for the process: unknown emails all cost the same.
  expect(verified[1]).toBe(verified[0]);
});

test('Basic auth on the sync endpoint costs one verification for an unknown email too', async () => {
  verified.length = 0;
  const basic = `Basic ${Buffer.from('nobody@clinic.test:a guess').toString('base64')}`;
  await expect(auth.authenticate(basic, '192.0.2.2', { allowBasic: true })).rejects.toMatchObject({
    code: 'unauthorized',
  });
  expect(verified).toHaveLength(1);
});

test('the same credentials checked at once cost one verification; each other password its own', async () => {
  const fresh = await server.addUser('provider', allPermissions);
  verified.length = 0;
  const right = Array.from({ length: 8 }, () =>
    auth.signIn(fresh.email, fresh.password, '192.0.2.2'),
  );
  const wrong = ['guess one', 'guess two', 'guess two'].map((password) =>
    auth.signIn(fresh.email, password, '192.0.2.2'),
  );
  const users = await Promise.all(right);
  expect(users.every((user) => user?.id === fresh.id)).toBe(true);
  expect(await Promise.all(wrong)).toEqual([undefined, undefined, undefined]);
  // One for the right password, one for each distinct wrong one.
  expect(verified).toHaveLength(3);
  // Then remembered: no verification at all.
  expect((await auth.signIn(fresh.email, fresh.password, '192.0.2.2'))?.id).toBe(fresh.id);
  expect(verified).toHaveLength(3);
});

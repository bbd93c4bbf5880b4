import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { passwordPolicyProblem } from '../../src/auth/password-policy.js';
import { resetPassword } from '../../src/auth/reset-password.js';
import { call, expectError, signIn } from '../admin/admin-calls.js';

// NIST SP 800-63B (rev. 4): at least 15 characters, no composition rules,
// and nothing from a list of common passwords, their usual derivatives or
// the account's own context.

describe('the policy', () => {
  test.each([
    ['short', 'must be at least 15 characters'],
    // Code points, not UTF-16 units: 14 emoji are 28 units but 14 characters.
    ['🙂'.repeat(7) + '🌿🌸🍀🌻🌼🌷🌱', 'must be at least 15 characters'],
    ['x'.repeat(257), 'must be at most 256 characters'],
    ['passwordpassword', 'is one of the most common passwords'],
    ['QwertyUiop12345', 'is one of the most common passwords'],
    ['Password12345678!', 'is a common password with digits or symbols added'],
    ['2024!iloveyou!!!!!!', 'is a common password with digits or symbols added'],
    ['aaaaaaaaaaaaaaaa', 'only repeats itself or runs through a sequence'],
    ['1234567890123456', 'only repeats itself or runs through a sequence'],
    ['zyxwvutsrqponmlk', 'only repeats itself or runs through a sequence'],
    ['hahahahahaha2024', 'only repeats itself or runs through a sequence'],
    ['ClinicSync2026!!!', "is too close to the service's name"],
  ])('refuses %j: it %s', (password, problem) => {
    expect(passwordPolicyProblem(password)).toBe(problem);
  });

  test('refuses the email and its name part', () => {
    const context = { email: 'Nurse.Amina@clinic.org' };
    expect(passwordPolicyProblem('nurse.amina@clinic.org', context)).toBe(
      'is too close to the email address',
    );
    expect(passwordPolicyProblem('nurse.amina2024!!!', context)).toBe(
      'is too close to the email address',
    );
  });

  test.each([
    'a long tea-stained notebook',
    'correct horse battery',
    'clinicsync-seed-1',
    'Демо-пароль-для-клиники',
    // No composition rules: lower case letters and spaces are enough.
    'the river by the old mill',
  ])('accepts %j', (password) => {
    expect(passwordPolicyProblem(password, { email: 'nurse.amina@clinic.org' })).toBeUndefined();
  });
});

describe('where passwords are set', () => {
  let server: TestServer;
  let auth: string;
  beforeAll(async () => {
    server = await startTestServer();
    auth = await signIn(server.app, server.admin.email, server.admin.password);
  });
  afterAll(() => server.close());

  test('creating a user with a common password is a 400 that does not echo it', async () => {
    const response = await call(server.app, 'POST', '/api/admin/users', {
      auth,
      payload: {
        email: 'new.nurse@clinic.test',
        password: 'Password12345678!',
        name: 'New Nurse',
        role: 'provider',
        clinic_id: server.clinicId,
      },
    });
    const error = expectError(response, 400, 'bad_request');
    expect(error.message).toBe('The password is a common password with digits or symbols added.');
    expect(response.body).not.toContain('Password12345678!');
    const users = await server.database.db.query(
      "SELECT 1 FROM users WHERE email = 'new.nurse@clinic.test'",
    );
    expect(users).toHaveLength(0);
  });

  test("a new password that is the user's email is a 400, and the old one still works", async () => {
    const user = await server.addUser('provider');
    const response = await call(server.app, 'PATCH', `/api/admin/users/${user.id}`, {
      auth,
      payload: { password: user.email },
    });
    expect(expectError(response, 400, 'bad_request').message).toBe(
      'The password is too close to the email address.',
    );
    await signIn(server.app, user.email, user.password);
  });

  test('a reset from the command line is held to the same policy', async () => {
    const user = await server.addUser('registrar');
    await expect(resetPassword(server.database.db, user.email, 'qwertyuiop12345')).rejects.toThrow(
      'The password is one of the most common passwords.',
    );
    await signIn(server.app, user.email, user.password);
  });
});

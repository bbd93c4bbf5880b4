import { passwordProblem } from '@clinicsync/schema';
import { createUser, resetPassword } from '@clinicsync/server';
import type { AdminCreateFlags, ResetPasswordFlags } from './admin-flags.js';
import { CliError } from './cli-error.js';
import { withCliDatabase } from './open-cli-database.js';
import { readPassword } from './read-password.js';

/**
 * The new password for `email`, from CLINICSYNC_PASSWORD or the terminal.
 * Too short is refused before the database is opened (which can take
 * seconds); the rest of the policy (common passwords) is the server's,
 * when the user is written.
 */
async function newPassword(email: string): Promise<string> {
  const password = await readPassword({ prompt: `New password for ${email}: `, confirm: true });
  const problem = passwordProblem(password);
  if (problem) throw new CliError(`The password ${problem}.`);
  return password;
}

/** `clinicsync admin create`: a super administrator of no clinic. */
export async function createAdministrator(flags: AdminCreateFlags): Promise<void> {
  const password = await newPassword(flags.email);
  const user = await withCliDatabase(flags, (db) =>
    createUser(
      db,
      {
        email: flags.email,
        password,
        name: flags.name,
        role: 'super_admin',
        clinicId: '',
      },
      null,
    ),
  );
  process.stdout.write(`Created the super administrator ${user.email} with id ${user.id}\n`);
}

/** `clinicsync admin reset-password`: a new password, and every token revoked. */
export async function resetUserPassword(flags: ResetPasswordFlags): Promise<void> {
  const password = await newPassword(flags.email);
  const user = await withCliDatabase(flags, (db) => resetPassword(db, flags.email, password));
  process.stdout.write(
    `Set a new password for ${user.email} (${user.role}); their tokens are revoked.\n`,
  );
  if (user.disabled) {
    process.stdout.write('Note: this account is disabled, so it still cannot sign in.\n');
  }
}

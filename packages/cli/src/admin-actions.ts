import { passwordProblem } from '@clinicsync/schema';
import { createUser, resetPassword } from '@clinicsync/server';
import type { AdminCreateFlags, ResetPasswordFlags } from './admin-flags.js';
import { CliError } from './cli-error.js';
import { withCliDatabase } from './open-cli-database.js';

/** Refuses a weak password before the database is opened (which can take seconds). */
function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new CliError(`The password ${problem}.`);
}

/** `clinicsync admin create`: a super administrator of no clinic. */
export async function createAdministrator(flags: AdminCreateFlags): Promise<void> {
  checkPassword(flags.password);
  const user = await withCliDatabase(flags, (db) =>
    createUser(
      db,
      {
        email: flags.email,
        password: flags.password,
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
  checkPassword(flags.password);
  const user = await withCliDatabase(flags, (db) => resetPassword(db, flags.email, flags.password));
  process.stdout.write(
    `Set a new password for ${user.email} (${user.role}); their tokens are revoked.\n`,
  );
  if (user.disabled) {
    process.stdout.write('Note: this account is disabled, so it still cannot sign in.\n');
  }
}

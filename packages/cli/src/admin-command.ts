import { Command } from 'commander';
import type { AdminCreateFlags, ResetPasswordFlags } from './admin-flags.js';
import { refusedPasswordOption } from './read-password.js';
import { databaseUrlOption, dataOption } from './storage-options.js';

const passwordHelp =
  '\nThe password is read from CLINICSYNC_PASSWORD, or asked for (twice) on the terminal; never from the command line.\n' +
  'At least 15 characters and not a common password (NIST SP 800-63B).\n';

function createCommand(): Command {
  return new Command('create')
    .description(
      'create a super administrator (belongs to no clinic, may administer all) and print its id',
    )
    .requiredOption('--email <email>', 'the administrator’s email, used to sign in')
    .option('--name <name>', 'display name', 'Administrator')
    .addOption(dataOption())
    .addOption(databaseUrlOption())
    .addOption(refusedPasswordOption())
    .addHelpText('after', passwordHelp)
    .action(async (flags: AdminCreateFlags) => {
      const { createAdministrator } = await import('./admin-actions.js');
      await createAdministrator(flags);
    });
}

function resetPasswordCommand(): Command {
  return new Command('reset-password')
    .description('set a new password for a user (any role) and sign out all of their devices')
    .requiredOption('--email <email>', 'the user’s email')
    .addOption(dataOption())
    .addOption(databaseUrlOption())
    .addOption(refusedPasswordOption())
    .addHelpText('after', passwordHelp)
    .action(async (flags: ResetPasswordFlags) => {
      const { resetUserPassword } = await import('./admin-actions.js');
      await resetUserPassword(flags);
    });
}

/** `clinicsync admin …`: administrators and passwords from the command line. */
export function adminCommand(): Command {
  return new Command('admin')
    .description('manage administrators and passwords without a running server')
    .addCommand(createCommand())
    .addCommand(resetPasswordCommand());
}

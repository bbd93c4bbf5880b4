import { Command, Option } from 'commander';
import type { AdminCreateFlags, ResetPasswordFlags } from './admin-flags.js';
import { databaseUrlOption, dataOption } from './storage-options.js';

function createCommand(): Command {
  return new Command('create')
    .description(
      'create a super administrator (belongs to no clinic, may administer all) and print its id',
    )
    .requiredOption('--email <email>', 'the administrator’s email, used to sign in')
    .requiredOption('--password <password>', 'at least 8 characters')
    .option('--name <name>', 'display name', 'Administrator')
    .addOption(dataOption())
    .addOption(databaseUrlOption())
    .action(async (flags: AdminCreateFlags) => {
      const { createAdministrator } = await import('./admin-actions.js');
      await createAdministrator(flags);
    });
}

function resetPasswordCommand(): Command {
  return new Command('reset-password')
    .description('set a new password for a user (any role) and sign out all of their devices')
    .requiredOption('--email <email>', 'the user’s email')
    .addOption(
      new Option(
        '--password <password>',
        'the new password, at least 8 characters',
      ).makeOptionMandatory(),
    )
    .addOption(dataOption())
    .addOption(databaseUrlOption())
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

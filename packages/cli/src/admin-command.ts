import { Command } from 'commander';
import type { AdminCreateFlags, ResetPasswordFlags } from './admin-flags.js';
import type { ErasePatientFlags } from './erase-patient-action.js';
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

function erasePatientCommand(): Command {
  return new Command('erase-patient')
    .description(
      'erase a patient for good (a right-to-erasure request, a record made in error): delete it and every record under it, so devices drop them on their next sync, then blank their values on the server, change history and conflict log included; audited',
    )
    .argument('<patient-id>', 'the id of the patient to erase')
    .requiredOption('--by <email>', 'the administrator on whose authority it is erased (audited)')
    .option('--yes', 'do not ask to type the id back (scripts)')
    .addOption(dataOption())
    .addOption(databaseUrlOption())
    .action(async (patientId: string, flags: ErasePatientFlags) => {
      const { erasePatientCommand: erase } = await import('./erase-patient-action.js');
      await erase(patientId, flags);
    });
}

/** `clinicsync admin …`: administrators, passwords and erasure from the command line. */
export function adminCommand(): Command {
  return new Command('admin')
    .description(
      'manage administrators and passwords, and erase patients, without a running server',
    )
    .addCommand(createCommand())
    .addCommand(resetPasswordCommand())
    .addCommand(erasePatientCommand());
}

import { Command } from 'commander';
import { minPassphraseLength } from './backup-passphrase.js';
import { databaseUrlOption, dataOption } from './storage-options.js';
import type { StorageFlags } from './storage-options.js';

const passphraseHelp =
  '\nThe passphrase comes from BACKUP_PASSPHRASE, or is typed on the terminal (not shown); never a flag, ' +
  'as a command line is visible to other users of the machine.';

/** `clinicsync backup --out FILE [--encrypt]`: a consistent copy of the database. */
export function backupCommand(): Command {
  return new Command('backup')
    .description(
      'write a consistent copy of the database to a file readable by its owner only (0600): pg_dump custom format ' +
        'for PostgreSQL (DATABASE_URL), a gzipped tarball of the data directory for the embedded database',
    )
    .requiredOption(
      '--out <file>',
      'the backup file to write (replaced only once the new one is whole)',
    )
    .option(
      '--encrypt',
      `encrypt it (AES-256-GCM, key from the passphrase by scrypt; a passphrase of at least ${minPassphraseLength} characters)`,
    )
    .addOption(dataOption())
    .addOption(databaseUrlOption())
    .addHelpText('after', passphraseHelp)
    .action(async (flags: StorageFlags & { out: string; encrypt?: boolean }) => {
      const { backupDatabase } = await import('./backup-database.js');
      process.stdout.write(
        `${await backupDatabase(flags, flags.out, { encrypt: flags.encrypt })}\n`,
      );
    });
}

/** `clinicsync restore --in FILE`: a backup into an empty database or a new data directory. */
export function restoreCommand(): Command {
  return new Command('restore')
    .description(
      'restore a backup made by `clinicsync backup` (encrypted or not) into an empty PostgreSQL database ' +
        '(DATABASE_URL) or a new data directory (--data); the whole backup is checked first, and existing data ' +
        'is never written over',
    )
    .requiredOption('--in <file>', 'the backup file to read')
    .addOption(dataOption())
    .addOption(databaseUrlOption())
    .addHelpText(
      'after',
      passphraseHelp.replace('The passphrase', "An encrypted backup's passphrase"),
    )
    .action(async (flags: StorageFlags & { in: string }) => {
      const { restoreDatabase } = await import('./restore-database.js');
      process.stdout.write(`${await restoreDatabase(flags, flags.in)}\n`);
    });
}

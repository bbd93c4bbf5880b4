import { Command } from 'commander';
import { databaseUrlOption, dataOption } from './storage-options.js';
import type { StorageFlags } from './storage-options.js';

/** `clinicsync backup --out FILE`: a consistent copy of the database. */
export function backupCommand(): Command {
  return new Command('backup')
    .description(
      'write a consistent copy of the database to a file: pg_dump custom format for PostgreSQL ' +
        '(DATABASE_URL), a gzipped tarball of the data directory for the embedded database',
    )
    .requiredOption('--out <file>', 'the backup file to write')
    .addOption(dataOption())
    .addOption(databaseUrlOption())
    .action(async (flags: StorageFlags & { out: string }) => {
      const { backupDatabase } = await import('./backup-restore.js');
      process.stdout.write(`${await backupDatabase(flags, flags.out)}\n`);
    });
}

/** `clinicsync restore --in FILE`: a backup into an empty database or a new data directory. */
export function restoreCommand(): Command {
  return new Command('restore')
    .description(
      'restore a backup made by `clinicsync backup` into an empty PostgreSQL database (DATABASE_URL) ' +
        'or a new data directory (--data); existing data is never written over',
    )
    .requiredOption('--in <file>', 'the backup file to read')
    .addOption(dataOption())
    .addOption(databaseUrlOption())
    .action(async (flags: StorageFlags & { in: string }) => {
      const { restoreDatabase } = await import('./backup-restore.js');
      process.stdout.write(`${await restoreDatabase(flags, flags.in)}\n`);
    });
}

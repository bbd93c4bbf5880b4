import type { SeedSummary } from '@clinicsync/server';
import { Command, Option } from 'commander';
import { integerBetween } from './option-values.js';
import { databaseUrlOption, dataOption } from './storage-options.js';
import type { StorageFlags } from './storage-options.js';

interface SeedFlags extends StorageFlags {
  readonly clinics: number;
  readonly patients: number;
  readonly seed: number;
  readonly batchSize: number;
}

/**
 * The largest `--seed`: the seed generator takes 32-bit seeds. The server's
 * `maxSeed` is the same number (a test keeps them equal); it is not imported
 * because loading the server for every command, `--help` included, takes
 * most of a second.
 */
export const largestSeed = 0xffff_ffff;

const number = (n: number) => n.toLocaleString('en-US');

function report(summary: SeedSummary): string {
  const seconds = summary.ms / 1000;
  const tables = Object.entries(summary.counts)
    .map(([table, count]) => `${table} ${number(count)}`)
    .join(', ');
  const lines = [
    `Seeded ${number(summary.patients)} patients in ${number(summary.clinics)} ${summary.clinics === 1 ? 'clinic' : 'clinics'}: ${number(summary.rows)} rows (${tables}) in ${seconds.toFixed(1)} s, ${number(Math.round(summary.rows / seconds))} rows/s.`,
    `Users (password ${summary.password}):`,
    ...summary.users.map((u) => `  ${u.email}  ${u.role}  ${u.clinic}`),
  ];
  return lines.join('\n') + '\n';
}

/** `clinicsync seed`: a deterministic, realistic data set. */
export function seedCommand(): Command {
  return new Command('seed')
    .description(
      'write a realistic data set: clinics, staff, Hikma-style forms and patients with about ten records each ' +
        '(visits, events, vitals, problems, prescriptions, appointments, attributes), as synced rows with versions ' +
        'and history. The same --seed gives the same rows; staff sign in with the password clinicsync-seed-<seed>.',
    )
    .addOption(
      new Option('--clinics <count>', 'number of clinics')
        .default(2)
        .argParser(integerBetween(1, 1000)),
    )
    .addOption(
      new Option('--patients <count>', 'number of patients, spread over the clinics')
        .default(1000)
        .argParser(integerBetween(0, 10_000_000)),
    )
    .addOption(
      new Option('--seed <seed>', 'the data set to make')
        .default(1)
        .argParser(integerBetween(0, largestSeed)),
    )
    .addOption(
      new Option('--batch-size <patients>', 'patients written per transaction')
        .default(500)
        .argParser(integerBetween(1, 100_000)),
    )
    .addOption(dataOption())
    .addOption(databaseUrlOption())
    .action(async (flags: SeedFlags) => {
      // Loaded on use, so --help and usage errors answer at once.
      const [{ seedDatabase }, { withCliDatabase }, { startProgress }] = await Promise.all([
        import('@clinicsync/server'),
        import('./open-cli-database.js'),
        import('./progress.js'),
      ]);
      const summary = await withCliDatabase(flags, async (db) => {
        const progress = startProgress(flags.patients);
        try {
          return await seedDatabase(db, {
            seed: flags.seed,
            clinics: flags.clinics,
            patients: flags.patients,
            batchSize: flags.batchSize,
            onProgress: (p) => progress.update(p.patients, p.rows),
          });
        } finally {
          progress.stop();
        }
      });
      process.stdout.write(report(summary));
    });
}

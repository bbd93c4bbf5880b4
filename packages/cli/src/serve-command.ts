import { Command, Option } from 'commander';
import { demoClinic } from './demo-accounts.js';
import { parsePort, positiveNumber } from './option-values.js';
import type { ServeFlags } from './serve-flags.js';
import { databaseUrlOption, dataOption } from './storage-options.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** `clinicsync serve`: the sync server. */
export function serveCommand(): Command {
  return new Command('serve')
    .description(
      'run the sync server (WatermelonDB / Hikma Health sync at /api/v2/sync, auth, administration)',
    )
    .addOption(
      new Option('-p, --port <port>', 'port to listen on; 0 picks a free one')
        .env('PORT')
        .default(3000)
        .argParser(parsePort),
    )
    .addOption(
      new Option(
        '--host <address>',
        'address to listen on; 0.0.0.0 to accept devices on the network',
      )
        .env('HOST')
        .default('127.0.0.1'),
    )
    .addOption(dataOption())
    .addOption(databaseUrlOption())
    .option(
      '--demo',
      `on a first start (no administrator yet), create "${demoClinic.clinicName}" with ${demoClinic.patients} patients, an administrator and a provider, and print their passwords`,
    )
    .addOption(
      new Option('--max-body-mb <mb>', 'largest accepted request body, in MB')
        .env('MAX_BODY_MB')
        .default(32)
        .argParser(positiveNumber),
    )
    .addOption(
      new Option(
        '--request-timeout-s <seconds>',
        'longest time to receive one request, headers and body; a slower one is cut (408)',
      )
        .env('REQUEST_TIMEOUT_S')
        .default(300)
        .argParser(positiveNumber),
    )
    .addOption(
      new Option(
        '--sync-conflicts <mode>',
        'merge: apply the device’s value and log the conflict; reject: answer 409',
      )
        .env('SYNC_CONFLICTS')
        .choices(['merge', 'reject'])
        .default('merge'),
    )
    .addOption(
      new Option('--log-level <level>', 'log level (JSON lines on stdout)')
        .env('LOG_LEVEL')
        .choices(logLevels)
        .default('info'),
    )
    .addOption(
      new Option('--token-ttl-hours <hours>', 'how long a sign-in token stays valid')
        .env('TOKEN_TTL_HOURS')
        .default(720)
        .argParser(positiveNumber),
    )
    .addHelpText(
      'after',
      '\nOn a start with no administrator, ADMIN_EMAIL and ADMIN_PASSWORD (environment) create a super administrator.\n' +
        'Stop with Ctrl+C or SIGTERM: requests in progress finish and the database is closed cleanly.',
    )
    .action(async (flags: ServeFlags) => {
      // Loaded on use, so --help and usage errors answer at once.
      const { serve } = await import('./serve.js');
      await serve(flags);
    });
}

import { Command, Option } from 'commander';
import { demoClinic } from './demo-accounts.js';
import { integerBetween, parsePort, parseTrustProxy, positiveNumber } from './option-values.js';
import type { ServeFlags } from './serve-flags.js';
import { databaseReadUrlOption, databaseUrlOption, dataOption } from './storage-options.js';

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
    .addOption(databaseReadUrlOption())
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
    .addOption(
      new Option(
        '--full-pulls-per-hour <n>',
        'full pulls (first syncs, a download of everything the user may see) one user may start per hour; 0 for no limit',
      )
        .env('FULL_PULLS_PER_HOUR')
        .default(20)
        .argParser(integerBetween(0, 1_000_000)),
    )
    .addOption(
      new Option('--full-pulls-at-once <n>', 'full pulls of one user in progress at once')
        .env('FULL_PULLS_AT_ONCE')
        .default(2)
        .argParser(integerBetween(1, 1_000)),
    )
    .addOption(
      new Option(
        '--tls-cert <file>',
        'serve HTTPS with this certificate (PEM, chain included); with --tls-key',
      ).env('TLS_CERT'),
    )
    .addOption(new Option('--tls-key <file>', 'the private key (PEM) of --tls-cert').env('TLS_KEY'))
    .addOption(
      new Option(
        '--trust-proxy <proxies>',
        'believe X-Forwarded-For and X-Forwarded-Proto from these proxies (addresses or ranges, comma-separated, ' +
          'or loopback), or true for any peer; only behind a proxy or load balancer that sets them',
      )
        .env('TRUST_PROXY')
        .default(false)
        .argParser(parseTrustProxy),
    )
    .addHelpText(
      'after',
      '\nOn a start with no administrator, ADMIN_EMAIL and ADMIN_PASSWORD (environment) create a super administrator.\n' +
        'With --tls-cert and --tls-key it serves HTTPS only, with Strict-Transport-Security; behind a TLS proxy, HSTS goes out when\n' +
        '--trust-proxy names that proxy and it sends X-Forwarded-Proto: https (docs/deployment.md).\n' +
        'The data directory must be private to its user (0700); its files are kept 0600.\n' +
        'Stop with Ctrl+C or SIGTERM: requests in progress finish and the database is closed cleanly.',
    )
    .action(async (flags: ServeFlags) => {
      // Loaded on use, so --help and usage errors answer at once.
      const { serve } = await import('./serve.js');
      await serve(flags);
    });
}

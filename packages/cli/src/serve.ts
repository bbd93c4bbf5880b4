import {
  buildApp,
  createDemoClinic,
  createUser,
  hasAdministrator,
  hasDemoClinic,
  loggerOptions,
} from '@clinicsync/server';
import type { Database, DemoClinic } from '@clinicsync/server';
import { CliError } from './cli-error.js';
import { demoClinic } from './demo-accounts.js';
import { openCliDatabase, openCliReadReplica } from './open-cli-database.js';
import type { ServeFlags } from './serve-flags.js';
import { readTlsFiles } from './tls-files.js';

type App = Awaited<ReturnType<typeof buildApp>>;

const say = (text: string) => process.stdout.write(text + '\n');

/** A box around lines, so credentials stand out among log lines. */
function box(lines: readonly string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '─'.repeat(width + 2);
  return [`┌${rule}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${rule}┘`].join('\n');
}

/** The URL to print: a wildcard host is reachable as localhost from this machine. */
function displayUrl(protocol: 'http' | 'https', host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const name = wildcard ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `${protocol}://${name}:${port}`;
}

/** `ADMIN_EMAIL` and `ADMIN_PASSWORD`: both or neither. */
function adminFromEnvironment(): { email: string; password: string } | undefined {
  const email = process.env['ADMIN_EMAIL'];
  const password = process.env['ADMIN_PASSWORD'];
  if (!email && !password) return undefined;
  if (!email || !password) {
    throw new CliError(
      'Set both ADMIN_EMAIL and ADMIN_PASSWORD to create the first administrator, or neither.',
      'usage',
    );
  }
  return { email, password };
}

/** Creates what a first start needs: the administrator of ADMIN_EMAIL, the demo clinic. */
async function prepareFirstStart(db: Database, demo: boolean): Promise<DemoClinic | undefined> {
  const envAdmin = adminFromEnvironment();
  if (await hasAdministrator(db)) {
    if (envAdmin)
      say('An administrator exists already, so ADMIN_EMAIL and ADMIN_PASSWORD are not used.');
    if (demo) {
      say(
        (await hasDemoClinic(db, demoClinic))
          ? `The demo clinic exists. Its passwords were shown on the first start only; set a new one with\n  clinicsync admin reset-password --email ${demoClinic.adminEmail}  (it asks for the new one)`
          : 'An administrator exists already, so no demo clinic was created.',
      );
    }
    return undefined;
  }
  let created: DemoClinic | undefined;
  if (demo) {
    say(`First start: creating the demo clinic with ${demoClinic.patients} patients…`);
    created = await createDemoClinic(db, demoClinic);
  }
  if (envAdmin) {
    const user = await createUser(
      db,
      {
        email: envAdmin.email,
        password: envAdmin.password,
        name: 'Administrator',
        role: 'super_admin',
        clinicId: '',
      },
      null,
    );
    say(`Created the super administrator ${user.email} (from ADMIN_EMAIL).`);
  }
  return created;
}

function announce(url: string, demo: DemoClinic | undefined): void {
  if (!demo) {
    say(
      `ClinicSync is running at ${url} (the web app; administration console ${url}/admin; sync endpoint ${url}/api/v2/sync). Press Ctrl+C to stop.`,
    );
    return;
  }
  say(
    box([
      'ClinicSync demo is ready',
      '',
      `Web app:        ${url}`,
      `Administration: ${url}/admin`,
      `Sync endpoint:  ${url}/api/v2/sync`,
      `Health check:   ${url}/api/health`,
      '',
      `Administrator:  ${demo.admin.email}`,
      `      password: ${demo.admin.password}`,
      `Provider:       ${demo.provider.email}`,
      `      password: ${demo.provider.password}`,
      '',
      `${demoClinic.clinicName} has ${demo.patients} patients (${demo.rows.toLocaleString('en-US')} records).`,
      'Sign in to the web app as the provider,',
      'and to the administration console as the administrator.',
      'Save these passwords now: they are shown only once.',
      'Press Ctrl+C to stop.',
    ]),
  );
}

/** Why the server could not listen, as one line; the error itself when it is something else. */
function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new CliError(
      `The port ${port} is already in use on ${host}; choose another with --port or PORT.`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new CliError(
      `Cannot listen on ${host}: it is not an address of this machine (--host or HOST).`,
    );
  }
  if (code === 'EACCES') {
    return new CliError(
      `Not allowed to listen on port ${port} (ports below 1024 need privileges); choose another with --port or PORT.`,
    );
  }
  return error;
}

/** Resolves on the first SIGINT or SIGTERM; a second one ends the process at once. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) {
        process.stderr.write('Stopping now, without waiting.\n');
        process.exit(130);
      }
      received = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * Runs the server until SIGINT or SIGTERM: opens the database, creates what a
 * first start needs, listens, prints the URL, then closes everything cleanly.
 */
export async function serve(flags: ServeFlags): Promise<void> {
  adminFromEnvironment();
  if (flags.databaseReadUrl && !flags.databaseUrl) {
    throw new CliError(
      '--database-read-url (DATABASE_READ_URL) names a replica of a PostgreSQL database: set --database-url (DATABASE_URL) too.',
      'usage',
    );
  }
  const tls = readTlsFiles(flags);
  const stopped = stopSignal();
  let stopping = false;
  void stopped.then(() => (stopping = true));
  const opened = await openCliDatabase(flags);
  let app: App | undefined;
  let readDb: Database | undefined;
  try {
    readDb = await openCliReadReplica(flags, say);
    const demo = await prepareFirstStart(opened.db, flags.demo === true);
    if (stopping) return;
    app = await buildApp({
      db: opened.db,
      readDb: readDb ?? null,
      logger: loggerOptions(flags.logLevel),
      maxBodyMb: flags.maxBodyMb,
      requestTimeoutMs: flags.requestTimeoutS * 1000,
      conflictMode: flags.syncConflicts,
      tokenTtlMs: flags.tokenTtlHours * 3_600_000,
      trustProxy: flags.trustProxy,
      ...(tls ? { https: tls } : {}),
      fullPullLimit:
        flags.fullPullsPerHour === 0
          ? null
          : {
              atOnce: flags.fullPullsAtOnce,
              perWindow: flags.fullPullsPerHour,
              windowMs: 3_600_000,
            },
    });
    try {
      await app.listen({ port: flags.port, host: flags.host });
    } catch (error) {
      throw listenError(error, flags.host, flags.port);
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : flags.port;
    announce(displayUrl(tls ? 'https' : 'http', flags.host, port), demo);
    const signal = await stopped;
    say(`Received ${signal}: stopping…`);
  } finally {
    // Closing PGlite cleanly is what makes its data directory safe to reopen.
    await app?.close();
    await readDb?.close();
    await opened.close();
  }
  say('Stopped.');
}

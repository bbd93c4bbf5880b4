import { Command, InvalidArgumentError, Option } from 'commander';
import { parseDateOfBirth } from './device-add-patient.js';
import type { AddPatientFlags } from './device-add-patient.js';
import type { DeviceInitFlags } from './device-init.js';
import { integerBetween } from './option-values.js';
import { refusedPasswordOption } from './read-password.js';

interface DbFlags {
  readonly db: string;
}

interface SimulateFlags extends DbFlags {
  readonly steps: number;
  readonly seed: number;
  readonly syncEvery?: number;
}

/** A server URL for `--server`: http(s), without a trailing slash. */
function parseServerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('It must be a URL such as http://127.0.0.1:3000.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('It must start with http:// or https://.');
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

const dbOption = () =>
  new Option('--db <file>', 'the device’s SQLite database file').default('./device.db');

/** Loaded on use, so --help and usage errors answer at once. */
const actions = () =>
  Promise.all([import('./device-open.js'), import('./device-sync.js')]).then(([open, sync]) => ({
    ...open,
    ...sync,
  }));

function initCommand(): Command {
  return new Command('init')
    .description(
      'sign in to a sync server and set up a device database for it (created if missing); ' +
        'stores the server, the token, the user and its expiry, never the password',
    )
    .addOption(
      new Option('--server <url>', 'the sync server, e.g. http://127.0.0.1:3000')
        .argParser(parseServerUrl)
        .makeOptionMandatory(),
    )
    .requiredOption('--email <email>', 'the user to sign in as')
    .addOption(dbOption())
    .option('--force', 'if the database belongs to another server, delete it and start over')
    .addOption(refusedPasswordOption())
    .addHelpText(
      'after',
      '\nThe password is read from CLINICSYNC_PASSWORD, or asked for on the terminal; never from the command line. It is not stored.\n',
    )
    .action(async (flags: DeviceInitFlags) => {
      const { initDevice } = await import('./device-init.js');
      await initDevice(flags);
    });
}

function syncCommand(): Command {
  return new Command('sync')
    .description(
      'sync once with the server: pull, then push local changes; a progress bar on a terminal, then a summary: ' +
        'records that arrived, records removed and the patients who left this device (no longer in your clinics), ' +
        'what was pushed and what the server refused, and why',
    )
    .addOption(dbOption())
    .action(async (flags: DbFlags) => {
      const { withCliDevice, syncDevice, formatSyncReport, readDepartures } = await actions();
      const summary = await withCliDevice(flags.db, async (device) => {
        const report = await syncDevice(device, { progress: true });
        return formatSyncReport(report, await readDepartures(device, report));
      });
      process.stdout.write(summary);
    });
}

/** Loaded on use, like `actions`. */
const patientActions = () =>
  Promise.all([import('./device-open.js'), import('./device-patients.js')]).then(
    ([open, patients]) => ({ ...open, ...patients }),
  );

interface LookupFlags extends DbFlags {
  readonly limit: number;
}

function lookupCommand(): Command {
  return new Command('lookup')
    .description(
      'search the whole organisation (online) by name, phone or id: prints each patient’s id, ' +
        'name, date of birth, sex, clinic and whether they are in your scope (on this device); ' +
        'the server writes every lookup to its access log',
    )
    .argument('<query>', 'a name, phone number or patient id')
    .addOption(
      new Option('--limit <count>', 'most patients to list')
        .default(20)
        .argParser(integerBetween(1, 100)),
    )
    .addOption(dbOption())
    .action(async (query: string, flags: LookupFlags) => {
      const { withCliDevice, lookupPatients, clinicNames, formatLookup } = await patientActions();
      const text = await withCliDevice(flags.db, async (device) =>
        formatLookup(
          query,
          await lookupPatients(device, query, flags.limit),
          await clinicNames(device),
        ),
      );
      process.stdout.write(text);
    });
}

function followCommand(): Command {
  return new Command('follow')
    .description(
      'add a patient of another clinic to your scope (online): their whole chart arrives with the next `device sync`',
    )
    .argument('<patient-id>', 'the id `device lookup` printed')
    .addOption(dbOption())
    .action(async (id: string, flags: DbFlags) => {
      const { withCliDevice, followPatient } = await patientActions();
      await withCliDevice(flags.db, (device) => followPatient(device, id));
      process.stdout.write(
        `Following ${id}: their chart arrives with the next sync. Next: clinicsync device sync --db ${flags.db}\n`,
      );
    });
}

function unfollowCommand(): Command {
  return new Command('unfollow')
    .description(
      'stop following a patient (online): unless they are in your clinics, their chart leaves ' +
        'this device one sync after the next (`device sync` twice; the first pushes your pending edits of it)',
    )
    .argument('<patient-id>', 'the id of a patient you follow')
    .addOption(dbOption())
    .action(async (id: string, flags: DbFlags) => {
      const { withCliDevice, unfollowPatient } = await patientActions();
      await withCliDevice(flags.db, (device) => unfollowPatient(device, id));
      process.stdout.write(
        `Stopped following ${id}: unless they are in your clinics, their chart leaves this device ` +
          `one sync after the next. Next: clinicsync device sync --db ${flags.db} (twice)\n`,
      );
    });
}

function statusCommand(): Command {
  return new Command('status')
    .description(
      'show the server, the user, the device id, the last sync and the pending changes per table',
    )
    .addOption(dbOption())
    .action(async (flags: DbFlags) => {
      const [{ withCliDevice }, { describeDevice }] = await Promise.all([
        import('./device-open.js'),
        import('./device-status.js'),
      ]);
      process.stdout.write(await withCliDevice(flags.db, describeDevice));
    });
}

function addPatientCommand(): Command {
  return new Command('add-patient')
    .description('register a patient on the device (pushed by the next sync) and print its id')
    .requiredOption('--given-name <name>', 'given name')
    .requiredOption('--surname <name>', 'surname')
    .option('--sex <sex>', 'e.g. male or female')
    .addOption(new Option('--date-of-birth <date>', 'YYYY-MM-DD').argParser(parseDateOfBirth))
    .option('--phone <phone>', 'phone number')
    .addOption(dbOption())
    .action(async (flags: AddPatientFlags) => {
      const [{ withCliDevice }, { addPatient }] = await Promise.all([
        import('./device-open.js'),
        import('./device-add-patient.js'),
      ]);
      const id = await withCliDevice(flags.db, (device) => addPatient(device, flags));
      process.stdout.write(`${id}\n`);
    });
}

function simulateCommand(): Command {
  return new Command('simulate')
    .description(
      'make realistic random edits, one per step: register patients, add visits with a ' +
        'consultation and vitals, edit patients and forms, delete a visit now and then. ' +
        'The same --seed on the same data makes the same edits.',
    )
    .addOption(
      new Option('--steps <count>', 'edits to make')
        .default(100)
        .argParser(integerBetween(1, 1_000_000)),
    )
    .addOption(
      new Option('--seed <seed>', 'the sequence of edits')
        .default(1)
        .argParser(integerBetween(0, 2 ** 31)),
    )
    .addOption(
      new Option('--sync-every <steps>', 'sync after every this many steps').argParser(
        integerBetween(1, 1_000_000),
      ),
    )
    .addOption(dbOption())
    .action(async (flags: SimulateFlags) => {
      const [{ withCliDevice }, { simulate }] = await Promise.all([
        import('./device-open.js'),
        import('./device-simulate.js'),
      ]);
      const started = performance.now();
      const result = await withCliDevice(flags.db, (device) =>
        simulate(device, {
          steps: flags.steps,
          seed: flags.seed,
          ...(flags.syncEvery === undefined ? {} : { syncEvery: flags.syncEvery }),
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const done = Object.entries(result.actions)
        .map(([action, n]) => `${action} ${n}`)
        .join(', ');
      process.stdout.write(
        `Simulated ${flags.steps} steps in ${seconds.toFixed(1)} s (seed ${flags.seed}): ${done}.\n` +
          (flags.syncEvery === undefined
            ? `Not synced yet: run clinicsync device sync --db ${flags.db}\n`
            : `Synced ${result.syncs} times along the way.\n`),
      );
    });
}

/** `clinicsync device …`: a device (the SDK on a SQLite file) run from a shell. */
export function deviceCommand(): Command {
  return new Command('device')
    .description(
      'run a ClinicSync device from the shell: a local SQLite database that works offline and syncs with a server',
    )
    .addCommand(initCommand())
    .addCommand(syncCommand())
    .addCommand(statusCommand())
    .addCommand(addPatientCommand())
    .addCommand(lookupCommand())
    .addCommand(followCommand())
    .addCommand(unfollowCommand())
    .addCommand(simulateCommand());
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildOnce, killServers } from '@clinicsync/testing/cli';
import { replayCommand, runSoak } from './lib/run-soak.js';
import type { SoakFigures, SoakOptions } from './lib/run-soak.js';

const help = `Usage: npm run soak -- [options]

Devices (half our SDK, half stock WatermelonDB) of users in several clinics
make seeded random offline writes and sync through faulty links (dropped
requests, lost answers, pulls cut mid-answer, 500s, 429s) while the server is
killed and restarted and users join and leave clinics and follow and unfollow
patients; then, faults off, every device must hold exactly its user's scope
(nothing outside it, ever) and every write must be on the server, superseded
in the change history, or in the conflict log (refused records included).

Options:
  --devices <n>        devices (default 24)
  --steps <n>          local writes across all devices (default 6000)
  --seed <n>           the schedule's seed (default: random; printed)
  --restarts <n>       server kills and restarts (default: devices / 5)
  --users <n>          clinician accounts (default: devices / 4, at least one
                       per clinic), spread over the clinics
  --clinics <n>        clinics (default 3)
  --scope-changes <n>  joins, leaves, follows and unfollows spread over the
                       run (default: steps / 50, at least 4)
  --servers <n>        clinicsync serve processes on one database, devices
                       spread across them (PostgreSQL only; default 1)
  --fault-rate <p>     share of requests that meet a fault (default 0.2)
  --database-url <url> run on this PostgreSQL server (a fresh database is
                       created in it and dropped after); PGlite by default
  -h, --help           show this help

Writes the figures to soak/results/<engine>-<seed>.json. Exits 1 when
anything is lost, differs or is duplicated, and prints the command that
replays the run.`;

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`soak: --${name} must be a whole number, not "${value}"\n`);
    process.exit(2);
  }
  return n;
}

function parseOptions(): SoakOptions {
  const { values } = parseArgs({
    options: {
      devices: { type: 'string' },
      steps: { type: 'string' },
      seed: { type: 'string' },
      restarts: { type: 'string' },
      users: { type: 'string' },
      clinics: { type: 'string' },
      'scope-changes': { type: 'string' },
      servers: { type: 'string' },
      'fault-rate': { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${help}\n`);
    process.exit(0);
  }
  const faultRate = values['fault-rate'] === undefined ? undefined : Number(values['fault-rate']);
  if (faultRate !== undefined && !(faultRate >= 0 && faultRate <= 1)) {
    process.stderr.write('soak: --fault-rate must be between 0 and 1\n');
    process.exit(2);
  }
  const restarts =
    values.restarts === undefined ? undefined : positiveInteger('restarts', values.restarts, 0);
  const servers =
    values.servers === undefined ? undefined : positiveInteger('servers', values.servers, 1);
  const users = values.users === undefined ? undefined : positiveInteger('users', values.users, 2);
  const clinics =
    values.clinics === undefined ? undefined : positiveInteger('clinics', values.clinics, 3);
  const scopeChanges =
    values['scope-changes'] === undefined
      ? undefined
      : positiveInteger('scope-changes', values['scope-changes'], 0);
  return {
    devices: Math.max(1, positiveInteger('devices', values.devices, 24)),
    steps: positiveInteger('steps', values.steps, 6000),
    seed: positiveInteger('seed', values.seed, Math.floor(Math.random() * 1_000_000)),
    databaseUrl: values['database-url'],
    ...(restarts === undefined ? {} : { restarts }),
    ...(users === undefined ? {} : { users: Math.max(1, users) }),
    ...(clinics === undefined ? {} : { clinics: Math.max(1, clinics) }),
    ...(scopeChanges === undefined ? {} : { scopeChanges }),
    ...(servers === undefined ? {} : { servers: Math.max(1, servers) }),
    ...(faultRate === undefined ? {} : { faultRate }),
  };
}

function figuresTable(f: SoakFigures): string {
  const rows: [string, string | number][] = [
    ['engine', f.engine],
    ['seed', f.seed],
    [
      'devices (SDK + WatermelonDB)',
      `${f.devices.sdk + f.devices.watermelon} (${f.devices.sdk} + ${f.devices.watermelon})`,
    ],
    ['users', f.users],
    ['clinics', f.clinics],
    ['server processes', f.servers],
    ['rounds', f.rounds],
    [
      'operations (create / update / delete)',
      `${f.operations.total} (${f.operations.create} / ${f.operations.update} / ${f.operations.delete})`,
    ],
    [
      'syncs attempted / completed / failed',
      `${f.syncs.attempted} / ${f.syncs.succeeded} / ${f.syncs.failed}`,
    ],
    ['faults injected', f.faults.total],
    ['  requests dropped', f.faults.request_dropped],
    ['  answers lost after the server acted', f.faults.answer_lost],
    [
      '  pulls cut mid-answer (taking effect)',
      `${f.faults.pull_cut_mid_answer} (${f.faults.pullCutsTakingEffect})`,
    ],
    ['  500 answers', f.faults.error_500],
    ['  429 answers', f.faults.throttled_429],
    [
      'server kills and restarts (during a push)',
      `${f.serverKills.total} (${f.serverKills.duringPush})`,
    ],
    [
      'scope changes (join / leave / follow / unfollow; missed)',
      `${f.scopeChanges.join} / ${f.scopeChanges.leave} / ${f.scopeChanges.follow} / ${f.scopeChanges.unfollow}; ${f.scopeChanges.missed}`,
    ],
    ['records compared (all devices)', f.recordsCompared],
    ['written values checked', f.valuesChecked],
    ['  on the server', f.accounting.onServer],
    ['  superseded in the change history', f.accounting.supersededInHistory],
    ['  in the conflict log', f.accounting.inConflictLog],
    ['  refused, in the conflict log', f.accounting.refusedInConflictLog],
    ['  superseded on the device before it synced', f.accounting.supersededOnDevice],
    ['  dropped by WatermelonDB for a delete', f.accounting.supersededByDelete],
    ['  dropped by WatermelonDB as the record left its scope', f.accounting.droppedOnLeaving],
    [
      'deletes applied / never left the device',
      `${f.accounting.deletesApplied} / ${f.accounting.neverLeftDevice}`,
    ],
    ['deletes refused (in the conflict log)', f.accounting.deletesRefused],
    ['refused records kept pending on devices', f.refusedKeptPending],
    ['history entries / conflicts logged', `${f.historyEntries} / ${f.conflictsLogged}`],
    ['WatermelonDB warnings', f.watermelonWarnings],
    ['WatermelonDB: refused deletes recreated while pending', f.recreatedAfterRefusedDelete],
    ['records lost', f.accounting.lost],
    ['rows leaked (during the run / at the end)', `${f.leaked.duringRun} / ${f.leaked.atEnd}`],
    ['duplicates', f.accounting.duplicates],
    ['duration', `${(f.durationMs / 1000).toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

const options = parseOptions();
// Stopped by hand (Ctrl+C): take the server processes down too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killServers();
    process.exit(130);
  });
}
const log = (line: string) => process.stdout.write(`${line}\n`);
try {
  // The server runs as `clinicsync serve` from the compiled packages.
  buildOnce();
  const result = await runSoak({ ...options, log });
  log('');
  log(figuresTable(result.figures));
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.figures.engine}-${options.seed}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ options: { ...options, databaseUrl: undefined }, ...result }, null, 2)}\n`,
  );
  log(`\nfigures written to ${file}`);
  if (!result.ok) {
    log(`\nFAILED: ${result.failures.length} problems`);
    for (const failure of result.failures.slice(0, 30)) log(`  ${failure}`);
    log(`\nreplay: ${replayCommand(options)}`);
    process.exitCode = 1;
  } else {
    log('\nOK: every device holds exactly its scope; nothing lost, leaked or duplicated.');
  }
} catch (error) {
  process.stderr.write(`soak: ${error instanceof Error ? error.message : String(error)}\n`);
  process.stderr.write(`replay: ${replayCommand(options)}\n`);
  process.exitCode = 1;
}

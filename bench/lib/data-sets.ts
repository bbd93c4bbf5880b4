import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Engine = 'pglite' | 'postgres';
export type Size = 'S' | 'M' | 'L';

export const patientsBySize: Record<Size, number> = { S: 2_000, M: 20_000, L: 100_000 };
export const seed = 1;
/** Clinics of the data set every peer but `scoped` uses. */
export const clinics = 2;
/** Clinics of the scoped scenario's data set (issue 12: a device of one clinic among many). */
export const scopedClinics = 20;

/** The account every bench device signs in with (a super administrator: no permission refusals). */
export const benchUser = { email: 'bench@bench.clinicsync.local', password: 'bench-password-1' };

// BENCH_CLINICSYNC_CLI runs another build of the command (a patched copy, the commit before) for A/B runs.
const cli =
  process.env['BENCH_CLINICSYNC_CLI'] ??
  join(import.meta.dirname, '..', '..', 'packages', 'cli', 'bin', 'clinicsync.js');
const adminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

export function clinicsyncCli(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(process.execPath, [cli, ...args], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function clinicsyncCommand(): string {
  return cli;
}

function psql(sql: string, url = adminUrl): void {
  execFileSync('psql', [url, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** Where one run's database lives: a PGlite directory or a PostgreSQL URL. */
export interface RunDatabase {
  readonly engine: Engine;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
}

/**
 * The seeded data set, made once per benchmark: `clinicsync seed` with a fixed
 * seed plus the bench administrator. Each run gets a pristine copy of it (runs
 * write: incremental edits, pushes, load), so every run measures the same rows.
 */
export interface DataSet {
  readonly rowsSeeded: string;
  forRun(run: number): RunDatabase;
  dropRun(db: RunDatabase): void;
  drop(): void;
}

/**
 * The data set of `size` with `clinicCount` clinics (the same patients,
 * spread over them). Data sets of other than the default 2 clinics are named
 * by their count, so the two never share a PGlite directory or a database.
 */
export function prepareDataSet(
  engine: Engine,
  size: Size,
  log: (line: string) => void,
  clinicCount = clinics,
): DataSet {
  const seedArgs = [
    'seed',
    '--clinics',
    String(clinicCount),
    '--patients',
    String(patientsBySize[size]),
    '--seed',
    String(seed),
  ];
  // The password goes in the environment: `clinicsync` takes none on its command line.
  const adminArgs = ['admin', 'create', '--email', benchUser.email];
  const withPassword = (env: NodeJS.ProcessEnv) => ({
    ...env,
    CLINICSYNC_PASSWORD: benchUser.password,
  });
  const variant = clinicCount === clinics ? '' : `-clinics${clinicCount}`;
  const started = performance.now();
  if (engine === 'pglite') {
    // PGlite data sets are kept between invocations (the seed is fixed, so
    // they are the same rows); a `.complete` marker guards against a half-made one.
    const dir = join(tmpdir(), 'clinicsync-bench', `pglite-${size}-seed${seed}${variant}`);
    let summary = 'reused';
    // A data set kept from before data directories had to be private.
    if (existsSync(dir)) chmodSync(dir, 0o700);
    if (!existsSync(join(dir, '.complete'))) {
      rmSync(dir, { recursive: true, force: true });
      // Private, as `clinicsync` requires of a data directory.
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      summary = clinicsyncCli([...seedArgs, '--data', dir]).split('\n')[0] ?? '';
      clinicsyncCli([...adminArgs, '--data', dir], withPassword(process.env));
      writeFileSync(join(dir, '.complete'), summary);
    }
    log(
      `data set ${size} (PGlite, ${dir}): ${summary} [${Math.round((performance.now() - started) / 1000)} s]`,
    );
    return {
      rowsSeeded: summary,
      forRun(run) {
        const dataDir = join(tmpdir(), 'clinicsync-bench', `run-${process.pid}${variant}-${run}`);
        rmSync(dataDir, { recursive: true, force: true });
        cpSync(dir, dataDir, { recursive: true });
        return { engine, dataDir };
      },
      dropRun(db) {
        if (db.dataDir) rmSync(db.dataDir, { recursive: true, force: true });
      },
      drop() {},
    };
  }
  const name = `cs_bench_${size.toLowerCase()}${variant.replace('-', '_')}_${process.pid}`;
  const urlOf = (db: string) => `postgres://postgres@127.0.0.1:5432/${db}`;
  psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  psql(`CREATE DATABASE ${name}`);
  const env = { ...process.env, DATABASE_URL: urlOf(name) };
  const summary = clinicsyncCli(seedArgs, env).split('\n')[0] ?? '';
  clinicsyncCli(adminArgs, withPassword(env));
  psql('ANALYZE', urlOf(name));
  log(
    `data set ${size} (PostgreSQL ${name}): ${summary} [${Math.round((performance.now() - started) / 1000)} s]`,
  );
  const runs: string[] = [];
  return {
    rowsSeeded: summary,
    forRun(run) {
      const runName = `${name}_r${run}`;
      psql(`DROP DATABASE IF EXISTS ${runName} WITH (FORCE)`);
      // A template copy is a file copy: seconds even at L, and the same rows every run.
      psql(`CREATE DATABASE ${runName} TEMPLATE ${name}`);
      runs.push(runName);
      return { engine, databaseUrl: urlOf(runName) };
    },
    dropRun(db) {
      const runName = db.databaseUrl?.split('/').at(-1);
      if (runName) psql(`DROP DATABASE IF EXISTS ${runName} WITH (FORCE)`);
    },
    drop() {
      for (const runName of runs) psql(`DROP DATABASE IF EXISTS ${runName} WITH (FORCE)`);
      psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

import { writeServerRows } from '../admin/write-server-rows.js';
import { hashPassword } from '../auth/passwords.js';
import type { Database, Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import { buildNamePools } from './name-pools.js';
import { planSetUp, seedPassword } from './plan-set-up.js';
import type { SeededUser } from './plan-set-up.js';
import { maxSeed } from './seed-context.js';
import type { GenerationContext } from './seed-context.js';
import { writePatients } from './write-patients.js';
import type { RowCounts, WriteProgress } from './write-patients.js';

/**
 * "Now" for seeded data sets: a fixed instant, not the clock, so a seed gives
 * the same rows whenever it runs. Records spread over the three years before.
 */
export const seedReferenceTime = Date.UTC(2026, 0, 1);

export interface SeedOptions {
  readonly seed: number;
  readonly clinics: number;
  /** Patients in all, spread evenly over the clinics. */
  readonly patients: number;
  /** Patients written per transaction. */
  readonly batchSize?: number;
  readonly referenceTime?: number;
  readonly onProgress?: (progress: WriteProgress) => void;
}

export interface SeedSummary {
  readonly idPrefix: string;
  readonly clinics: number;
  readonly users: readonly SeededUser[];
  /** Every seeded user's password. */
  readonly password: string;
  readonly patients: number;
  /** Rows written per clinical table. */
  readonly counts: RowCounts;
  /** Every synced row written, set-up rows (clinics, users, forms…) included. */
  readonly rows: number;
  readonly ms: number;
}

/** Stores one password hash for all `userIds` (credentials are not synced rows). */
export async function insertCredentials(
  tx: Queryable,
  userIds: readonly string[],
  passwordHash: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO credentials (user_id, password_hash) SELECT id, $2 FROM unnest($1::text[]) AS id`,
    [userIds, passwordHash],
  );
}

function checkOptions(options: SeedOptions): void {
  const { seed, clinics, patients } = options;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > maxSeed) {
    throw new AppError('bad_request', `The seed must be an integer from 0 to ${maxSeed}.`);
  }
  if (!Number.isSafeInteger(clinics) || clinics < 1 || clinics > 1000) {
    throw new AppError('bad_request', 'The number of clinics must be an integer from 1 to 1000.');
  }
  if (!Number.isSafeInteger(patients) || patients < 0 || patients > 10_000_000) {
    throw new AppError(
      'bad_request',
      'The number of patients must be an integer from 0 to 10,000,000.',
    );
  }
}

/**
 * Writes a realistic, deterministic data set: `clinics` clinics with their
 * departments, staff (two providers and a registrar each, password
 * `seedPassword(seed)`), Hikma-style event and registration forms, and
 * `patients` patients with about ten records each. Every row goes through
 * `writeServerRows`, so it has versions and change history and devices pull
 * it like any other change. The same seed gives the same rows.
 *
 * @example
 * const summary = await seedDatabase(db, { seed: 1, clinics: 2, patients: 1000 });
 * summary.counts.events; // about 3,000
 * @throws AppError `bad_request` for out-of-range options; `conflict` when the
 * database already holds this seed's data set.
 */
export async function seedDatabase(db: Database, options: SeedOptions): Promise<SeedSummary> {
  checkOptions(options);
  const started = performance.now();
  const { seed } = options;
  const idPrefix = `s${seed}`;
  const referenceTime = options.referenceTime ?? seedReferenceTime;
  const existing = await db.query('SELECT 1 FROM clinics WHERE id = $1', [`${idPrefix}-c1`]);
  if (existing.length > 0) {
    throw new AppError(
      'conflict',
      `This database already holds the data set of seed ${seed}; use another seed or a fresh database.`,
    );
  }

  const pools = await buildNamePools(seed);
  const setUpTime = referenceTime - (referenceTime % 86_400_000) - 3 * 366 * 86_400_000;
  const setUp = planSetUp(seed, idPrefix, options.clinics, pools, setUpTime);
  const password = seedPassword(seed);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await writeServerRows(tx, setUp.changes, null);
    await insertCredentials(tx, setUp.userIds, passwordHash);
  });
  const setUpRows = setUp.changes.reduce((n, c) => n + (c.created?.length ?? 0), 0);

  const context: GenerationContext = { seed, idPrefix, referenceTime, pools };
  const perClinic = Math.floor(options.patients / options.clinics);
  const extra = options.patients % options.clinics;
  const plan = setUp.clinics.map((clinic, i) => ({
    clinic,
    count: perClinic + (i < extra ? 1 : 0),
  }));
  const written = await writePatients(db, context, plan, {
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return {
    idPrefix,
    clinics: options.clinics,
    users: setUp.users,
    password,
    patients: written.patients,
    counts: written.counts,
    rows: written.rows + setUpRows,
    ms: performance.now() - started,
  };
}

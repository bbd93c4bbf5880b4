import type { AnyWireRow, TableName } from '@clinicsync/schema';
import type { NamePools } from './name-pools.js';
import type { SeededRandom } from './seeded-random.js';

/** The largest accepted seed (seeds are 32-bit). */
export const maxSeed = 0xffff_ffff;

export const day = 86_400_000;
export const minute = 60_000;

/** A member of a clinic's staff that records appear under. */
export interface SeedStaff {
  readonly id: string;
  readonly name: string;
}

export interface SeedClinic {
  /** The clinic's position in the data set (keys its patients' random streams). */
  readonly index: number;
  readonly id: string;
  /** Short code used in patient numbers, e.g. `C1`. */
  readonly code: string;
  /** Who records visits, events, vitals and prescriptions. */
  readonly providers: readonly SeedStaff[];
  /** Who registers patients (providers when there is no registrar). */
  readonly registrars: readonly SeedStaff[];
  readonly departments: readonly { readonly id: string; readonly name: string }[];
}

export interface GenerationContext {
  readonly seed: number;
  /** Starts every generated id, so two data sets never share one. */
  readonly idPrefix: string;
  /** "Now" for the data set: every time is before it except scheduled appointments. */
  readonly referenceTime: number;
  readonly pools: NamePools;
}

/** The clinical tables a patient's records go to, parents before children. */
export const patientTables = [
  'patients',
  'visits',
  'events',
  'patient_vitals',
  'patient_problems',
  'prescriptions',
  'appointments',
  'patient_additional_attributes',
] as const satisfies readonly TableName[];

export type PatientTable = (typeof patientTables)[number];

/** Generated rows, by table, waiting to be written in one transaction. */
export type RowBatch = Record<PatientTable, AnyWireRow[]>;

export function emptyBatch(): RowBatch {
  return Object.fromEntries(patientTables.map((t) => [t, []])) as unknown as RowBatch;
}

/** A time on a clinic day `daysBefore` the reference time, between 08:00 and 16:00 UTC. */
export function clinicTime(
  context: GenerationContext,
  random: SeededRandom,
  daysBefore: number,
): number {
  const midnight = context.referenceTime - (context.referenceTime % day) - daysBefore * day;
  return midnight + 8 * 3_600_000 + random.int(0, 8 * 60) * minute + random.int(0, 59_999);
}

/** Midnight UTC of the day of `time`. */
export function startOfDay(time: number): number {
  return time - (time % day);
}

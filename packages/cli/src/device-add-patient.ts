import { InvalidArgumentError } from 'commander';
import type { CliDevice } from './device-open.js';

export interface AddPatientFlags {
  readonly givenName: string;
  readonly surname: string;
  readonly sex?: string;
  readonly dateOfBirth?: string;
  readonly phone?: string;
  readonly db: string;
}

/** A date of birth for `--date-of-birth`: a real calendar day, YYYY-MM-DD, not in the future. */
export function parseDateOfBirth(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const day = match ? new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!)) : null;
  if (!match || !day || day.toISOString().slice(0, 10) !== value.trim()) {
    throw new InvalidArgumentError('It must be a date as YYYY-MM-DD, e.g. 1987-04-23.');
  }
  if (day.getTime() > Date.now()) throw new InvalidArgumentError('It must not be in the future.');
  return value.trim();
}

/**
 * `device add-patient`: registers a patient as the app would: the given
 * values, WatermelonDB's defaults for the other columns ('' and false; the
 * store stamps created_at and updated_at), empty JSON objects for
 * additional_data and metadata, and the signed-in user's clinic.
 * Returns the new id.
 */
export async function addPatient(device: CliDevice, flags: AddPatientFlags): Promise<string> {
  const { user } = device.state;
  const patient = await device.store.create('patients', {
    given_name: flags.givenName,
    surname: flags.surname,
    sex: flags.sex ?? '',
    date_of_birth: flags.dateOfBirth ?? '',
    phone: flags.phone ?? '',
    additional_data: '{}',
    metadata: '{}',
    primary_clinic_id: user.clinic_id,
    last_modified_by: user.id,
  });
  return patient.id;
}

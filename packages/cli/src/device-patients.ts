import { ClinicSyncError } from '@clinicsync/client/node';
import type { LookedUpPatient } from '@clinicsync/client/node';
import { CliError } from './cli-error.js';
import type { CliDevice } from './device-open.js';
import { signInAgain } from './device-sync.js';

/** The online call of `work`, its refused sign-in explained (run `device init` again). */
async function online<R>(device: CliDevice, work: () => Promise<R>): Promise<R> {
  const { serverUrl, expiresAt } = device.state;
  if (Date.parse(expiresAt) <= Date.now()) {
    throw signInAgain(device, `The sign-in to ${serverUrl} expired at ${expiresAt}`);
  }
  try {
    return await work();
  } catch (error) {
    if (error instanceof ClinicSyncError && error.code === 'unauthorized') {
      throw signInAgain(device, `${serverUrl} refused the stored sign-in (expired or signed out)`);
    }
    if (error instanceof ClinicSyncError) throw new CliError(error.message);
    throw error;
  }
}

/** `device lookup`: patients of the whole organisation matching `query`. */
export function lookupPatients(
  device: CliDevice,
  query: string,
  limit: number,
): Promise<LookedUpPatient[]> {
  return online(device, () => device.engine.lookupPatients(query, { limit }));
}

/** `device follow`: the patient joins this user's scope. */
export function followPatient(device: CliDevice, id: string): Promise<void> {
  return online(device, () => device.engine.followPatient(id));
}

/** `device unfollow`: the patient leaves this user's scope, unless in their clinics. */
export function unfollowPatient(device: CliDevice, id: string): Promise<void> {
  return online(device, () => device.engine.unfollowPatient(id));
}

/** Clinic names by id, from the device's clinics table. */
export async function clinicNames(device: CliDevice): Promise<Map<string, string>> {
  const clinics = await device.store.query('clinics');
  return new Map(clinics.map((c) => [c.id, c.name ?? c.id]));
}

const headings = ['ID', 'NAME', 'BORN', 'SEX', 'CLINIC', 'IN SCOPE'] as const;

/**
 * What `device lookup` prints: one line per patient with only what the
 * lookup answers (id, name, date of birth, sex, primary clinic by name when
 * this device knows it) and whether they are in the user's scope.
 */
export function formatLookup(
  query: string,
  patients: readonly LookedUpPatient[],
  clinics: ReadonlyMap<string, string>,
): string {
  if (patients.length === 0) return `No patient in the organisation matches "${query}".\n`;
  const rows = patients.map((p) => [
    p.id,
    `${p.given_name ?? ''} ${p.surname ?? ''}`.trim() || '-',
    p.date_of_birth || '-',
    p.sex || '-',
    p.primary_clinic_id ? (clinics.get(p.primary_clinic_id) ?? p.primary_clinic_id) : '-',
    p.in_scope ? 'yes' : 'no',
  ]);
  const widths = headings.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  const away = patients.filter((p) => !p.in_scope).length;
  return (
    [
      `${patients.length} ${patients.length === 1 ? 'patient in the organisation matches' : 'patients in the organisation match'} "${query}":`,
      line(headings),
      ...rows.map(line),
      ...(away > 0
        ? [
            `Not in scope: not on this device. Add one with \`clinicsync device follow <id>\`, then \`clinicsync device sync\`.`,
          ]
        : []),
    ].join('\n') + '\n'
  );
}

import { ClinicSyncError } from '@clinicsync/client/node';
import type { PatientDeparture, SyncReport, TableCounts } from '@clinicsync/client/node';
import { CliError } from './cli-error.js';
import type { CliDevice } from './device-open.js';
import { saveLastSync } from './device-state.js';
import { startSyncProgress } from './device-sync-progress.js';

const count = (n: number) => n.toLocaleString('en-US');

/** A refused sign-in, with the `device init` command that renews it. */
export function signInAgain(device: CliDevice, why: string): CliError {
  const { serverUrl, user } = device.state;
  return new CliError(
    `${why}; run \`clinicsync device init --server ${serverUrl} --email ${user.email} --db ${device.file}\` again (it asks for the password).`,
  );
}

/**
 * One sync with the stored sign-in, its progress shown on a terminal; records
 * when it ended. Errors (CliError): an expired or refused sign-in (sign in
 * again with `device init`), and the SDK's sync errors as their message.
 */
export async function syncDevice(
  device: CliDevice,
  options: { readonly progress: boolean },
): Promise<SyncReport> {
  const { serverUrl, expiresAt } = device.state;
  if (Date.parse(expiresAt) <= Date.now()) {
    throw signInAgain(device, `The sign-in to ${serverUrl} expired at ${expiresAt}`);
  }
  const view = options.progress
    ? startSyncProgress(`Syncing ${device.file} with ${serverUrl}`)
    : null;
  const stop = view ? device.engine.onProgress((p) => view.update(p)) : () => undefined;
  try {
    const report = await device.engine.sync();
    await saveLastSync(device.driver, new Date());
    return report;
  } catch (error) {
    if (error instanceof ClinicSyncError && error.code === 'unauthorized') {
      throw signInAgain(device, `${serverUrl} refused the stored sign-in (expired or signed out)`);
    }
    if (error instanceof ClinicSyncError) throw new CliError(`Sync failed: ${error.message}`);
    throw error;
  } finally {
    stop();
    view?.stop();
  }
}

/** "patients 3 (2 created, 1 updated), visits 1 (1 deleted)", or "nothing". */
function describeCounts(counts: Partial<Record<string, TableCounts>>): {
  total: number;
  text: string;
} {
  let total = 0;
  const parts: string[] = [];
  for (const [table, c] of Object.entries(counts)) {
    if (!c) continue;
    const n = c.created + c.updated + c.deleted;
    if (n === 0) continue;
    total += n;
    const kinds = (['created', 'updated', 'deleted'] as const)
      .filter((kind) => c[kind] > 0)
      .map((kind) => `${count(c[kind])} ${kind}`);
    parts.push(`${table} ${count(n)} (${kinds.join(', ')})`);
  }
  return { total, text: parts.length > 0 ? `: ${parts.join(', ')}` : '' };
}

const reasonWords: Readonly<Record<string, string>> = {
  out_of_scope: 'outside your clinics',
  forbidden: 'no permission for this in its clinic',
  server_managed: 'changed only by administrators',
};

/** How many patients the report names as gone, by name where this device still knows it. */
const listedDepartures = 20;

/**
 * The last known names of the patients a sync took off this device (the
 * first 20; the SDK keeps them in its departures table).
 */
export async function readDepartures(
  device: CliDevice,
  report: SyncReport,
): Promise<PatientDeparture[]> {
  const found: PatientDeparture[] = [];
  for (const id of report.departedPatients.slice(0, listedDepartures)) {
    const departure = await device.store.departedPatient(id);
    if (departure) found.push(departure);
  }
  return found;
}

function departureLines(report: SyncReport, departures: readonly PatientDeparture[]): string[] {
  const n = report.departedPatients.length;
  if (n === 0) return [];
  const names = new Map(
    departures.map((d) => [d.id, `${d.givenName ?? ''} ${d.surname ?? ''}`.trim()]),
  );
  const rest = n - Math.min(n, listedDepartures);
  return [
    `  left     ${count(n)} ${n === 1 ? 'patient' : 'patients'}: no longer in your clinics (or deleted on the server)`,
    ...report.departedPatients
      .slice(0, listedDepartures)
      .map((id) => `    ${id}${names.get(id) ? `  ${names.get(id)}` : ''}`),
    ...(rest > 0 ? [`    … and ${count(rest)} more`] : []),
  ];
}

/**
 * The summary `device sync` prints after a sync: what arrived, what was
 * removed and which patients left this device (`departures` gives their
 * names), what was pushed and what the server refused, and why.
 */
export function formatSyncReport(
  report: SyncReport,
  departures: readonly PatientDeparture[] = [],
): string {
  const pulled = describeCounts(report.pulled);
  const pushed = describeCounts(report.pushed);
  const arrived = Object.values(report.pulled).reduce(
    (sum, c) => sum + (c ? c.created + c.updated : 0),
    0,
  );
  const lines = [
    `Synced in ${(report.durationMs / 1000).toFixed(1)} s${report.resumed ? ' (resumed an unfinished pull)' : ''}.`,
    `  pulled   ${count(pulled.total)} in ${count(report.pages)} ${report.pages === 1 ? 'page' : 'pages'}${pulled.text}`,
    `  arrived  ${count(arrived)} ${arrived === 1 ? 'record' : 'records'}`,
    `  removed  ${count(report.removed)} ${report.removed === 1 ? 'record' : 'records'} from this device`,
    ...departureLines(report, departures),
    `  pushed   ${count(pushed.total)}${pushed.text}`,
    `  rejected ${count(report.rejected.length)}${report.rejected.length > 0 ? ' (not saved on the server):' : ''}`,
    ...report.rejected.map(
      (r) =>
        `    ${r.table} ${r.id}: ${r.reason}${reasonWords[r.reason] ? ` (${reasonWords[r.reason]})` : ''}`,
    ),
  ];
  if (report.discarded.length > 0) {
    lines.push(
      `  discarded ${count(report.discarded.length)} local edits of records the server deleted:`,
      ...report.discarded.map((d) => `    ${d.table} ${d.id}`),
    );
  }
  return lines.join('\n') + '\n';
}

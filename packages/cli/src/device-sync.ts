import { ClinicSyncError } from '@clinicsync/client/node';
import type { SyncReport, TableCounts } from '@clinicsync/client/node';
import { CliError } from './cli-error.js';
import type { CliDevice } from './device-open.js';
import { saveLastSync } from './device-state.js';
import { startSyncProgress } from './device-sync-progress.js';

const count = (n: number) => n.toLocaleString('en-US');

function signInAgain(device: CliDevice, why: string): CliError {
  const { serverUrl, user } = device.state;
  return new CliError(
    `${why}; run \`clinicsync device init --server ${serverUrl} --email ${user.email} --password … --db ${device.file}\` again.`,
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

/** The summary `device sync` prints after a sync. */
export function formatSyncReport(report: SyncReport): string {
  const pulled = describeCounts(report.pulled);
  const pushed = describeCounts(report.pushed);
  const lines = [
    `Synced in ${(report.durationMs / 1000).toFixed(1)} s${report.resumed ? ' (resumed an unfinished pull)' : ''}.`,
    `  pulled   ${count(pulled.total)} in ${count(report.pages)} ${report.pages === 1 ? 'page' : 'pages'}${pulled.text}`,
    `  pushed   ${count(pushed.total)}${pushed.text}`,
    `  rejected ${count(report.rejected.length)}${report.rejected.length > 0 ? ' (they stay pending until fixed):' : ''}`,
    ...report.rejected.map((r) => `    ${r.table} ${r.id}: ${r.reason}`),
  ];
  if (report.discarded.length > 0) {
    lines.push(
      `  discarded ${count(report.discarded.length)} local edits of records the server deleted:`,
      ...report.discarded.map((d) => `    ${d.table} ${d.id}`),
    );
  }
  return lines.join('\n') + '\n';
}
